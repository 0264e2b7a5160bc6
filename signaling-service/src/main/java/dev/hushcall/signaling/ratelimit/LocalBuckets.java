package dev.hushcall.signaling.ratelimit;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets in this process's memory: the embedded default's store, and every node's store for {@link
 * Limit.Scope#NODE} limits. A full bucket holds no entry, so memory grows only with buckets in use; {@link #purge}
 * drops the ones that filled up again.
 */
public final class LocalBuckets implements RateLimitStore {

    private final Map<String, Long> arrivals = new HashMap<>();

    @Override
    public synchronized Verdict take(String owner, List<Take> takes, Instant now) {
        long millis = now.toEpochMilli();
        String[] keys = new String[takes.size()];
        long[] next = new long[takes.size()];
        long wait = 0;
        int refused = -1;
        for (int i = 0; i < next.length; i++) {
            Take take = takes.get(i);
            keys[i] = key(owner, take);
            next[i] = Gcra.next(arrivals.getOrDefault(keys[i], 0L), millis, take.bucket());
            long mustWait = Gcra.wait(next[i], millis, take.bucket());
            if (mustWait > 0 && refused < 0) {
                refused = i;
            }
            wait = Math.max(wait, mustWait);
        }
        if (refused >= 0) {
            return new Verdict(refused, wait);
        }
        for (int i = 0; i < next.length; i++) {
            arrivals.put(keys[i], next[i]);
        }
        return Verdict.TAKEN;
    }

    @Override
    public synchronized long wait(String owner, Take take, Instant now) {
        long millis = now.toEpochMilli();
        return Gcra.wait(Gcra.next(arrivals.getOrDefault(key(owner, take), 0L), millis, take.bucket()), millis,
                take.bucket());
    }

    /** Forgets buckets that are full again at {@code now}: they hold nothing an absent entry does not. */
    public synchronized void purge(Instant now) {
        long millis = now.toEpochMilli();
        arrivals.values().removeIf(tat -> tat <= millis);
    }

    synchronized int size() {
        return arrivals.size();
    }

    private static String key(String owner, Take take) {
        return take.limit().configName() + '\n' + owner + '\n' + take.subject();
    }
}
