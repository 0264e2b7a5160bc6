package dev.hushcall.signaling.store.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live calls each user is in, ringing or answered, either side: callId → the time the call would be forgotten if
 * nobody ended it. {@link MemoryCallStore} writes it as calls change (under each call's pair lock; a user's calls span
 * pairs, so each user's entry changes atomically on its own), {@link MemoryRingingCalls} counts it when it admits an
 * offer. Redis keeps the same index as {@code livecalls:{user}}.
 */
public class MemoryUserCalls {

    private final Map<String, Map<String, Instant>> byUser = new ConcurrentHashMap<>();

    /** Counts {@code callId} for {@code user} until {@code until}, or moves its time there if it counts already. */
    void put(String user, String callId, Instant until) {
        byUser.compute(user, (u, calls) -> {
            Map<String, Instant> held = calls == null ? new HashMap<>() : calls;
            held.put(callId, until);
            return held;
        });
    }

    /** Moves the time of a call {@code user} is counted in; a call not counted (any more) stays out. */
    void renew(String user, String callId, Instant until) {
        byUser.computeIfPresent(user, (u, calls) -> {
            calls.replace(callId, until);
            return calls;
        });
    }

    void remove(String user, String callId) {
        byUser.computeIfPresent(user, (u, calls) -> calls.remove(callId) != null && calls.isEmpty() ? null : calls);
    }

    /** The ids counted for {@code user}: a copy, perhaps holding calls that ended meanwhile. */
    Set<String> ids(String user) {
        Set<String> ids = new HashSet<>();
        byUser.computeIfPresent(user, (u, calls) -> {
            ids.addAll(calls.keySet());
            return calls;
        });
        return ids;
    }

    /**
     * 0 when {@code callId} counts for {@code user} already or fewer than {@code most} calls do at {@code now}; else
     * the wait until the earliest of them would be forgotten. Drops the calls whose time has passed.
     */
    long waitForPlace(String user, String callId, int most, Instant now) {
        long[] wait = {0};
        byUser.computeIfPresent(user, (u, calls) -> {
            calls.values().removeIf(until -> !until.isAfter(now));
            wait[0] = waitForPlace(calls, callId, most, now);
            return calls.isEmpty() ? null : calls;
        });
        return wait[0];
    }

    /**
     * 0 when {@code callId} is among {@code calls} (callId → until, none past) or can join them under {@code most};
     * else the wait until the earliest of them ends.
     */
    static long waitForPlace(Map<String, Instant> calls, String callId, int most, Instant now) {
        if (calls.containsKey(callId) || calls.size() < most) {
            return 0;
        }
        Instant earliest = calls.values().stream().min(Instant::compareTo).orElseThrow();
        return Math.max(1, earliest.toEpochMilli() - now.toEpochMilli());
    }
}
