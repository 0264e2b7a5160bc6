package dev.hushcall.signaling.ratelimit;

import java.time.Instant;
import java.util.List;

/**
 * Where token buckets are counted: this process's memory ({@link LocalBuckets}) or Redis ({@code store.redis}). A
 * bucket's whole state is one number, its theoretical arrival time (the generic cell rate algorithm, RFC-free but
 * described in ITU-T I.371): a take moves it one refill interval later, and is refused when that would put it more
 * than {@code burst} intervals past now.
 */
public interface RateLimitStore {

    /** One bucket to take a token from: {@code subject} says whose within the owner (a device id, a callee), or "". */
    record Take(Limit limit, String subject, Bucket bucket) {
    }

    /** What a take found: {@link #TAKEN}, or the first bucket that refused and how long until all would allow it. */
    record Verdict(int refusedIndex, long waitMillis) {
        public static final Verdict TAKEN = new Verdict(-1, 0);

        public boolean taken() {
            return waitMillis <= 0;
        }
    }

    /** Takes one token from each bucket of {@code owner}, all or none, atomically. */
    Verdict take(String owner, List<Take> takes, Instant now);

    /** Milliseconds until a take from this bucket would succeed; 0 when it would now. Takes nothing. */
    long wait(String owner, Take take, Instant now);
}
