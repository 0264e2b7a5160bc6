package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The calls ringing per user and side, in memory: callId → ring deadline, an entry per user with any ringing. */
public class MemoryRingingCalls implements RingingCalls {

    private final ConcurrentMap<String, Map<String, Instant>> ringing = new ConcurrentHashMap<>();

    @Override
    public long add(Entry entry, Instant until, int max, Instant now) {
        long[] wait = {0};
        ringing.compute(key(entry.user(), entry.side()), (k, calls) -> {
            Map<String, Instant> c = calls == null ? new HashMap<>() : calls;
            c.values().removeIf(deadline -> !deadline.isAfter(now));
            if (!c.containsKey(entry.callId()) && c.size() >= max) {
                Instant earliest = c.values().stream().min(Instant::compareTo).orElseThrow();
                wait[0] = Math.max(1, earliest.toEpochMilli() - now.toEpochMilli());
            } else {
                c.put(entry.callId(), until);
            }
            return c;
        });
        return wait[0];
    }

    @Override
    public void remove(List<Entry> entries) {
        for (Entry e : entries) {
            ringing.computeIfPresent(key(e.user(), e.side()), (k, calls) -> {
                calls.remove(e.callId());
                return calls.isEmpty() ? null : calls;
            });
        }
    }

    private static String key(String user, Side side) {
        return side + "\n" + user;
    }
}
