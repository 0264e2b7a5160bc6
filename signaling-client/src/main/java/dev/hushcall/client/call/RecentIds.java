package dev.hushcall.client.call;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of delivered frames already handled, so a frame the server redelivers (its ack was lost with the
 * socket) reaches the app once. Bounded: redeliveries come soon after the original, not days later.
 */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code id}; false when it was seen already. */
    synchronized boolean firstTime(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
