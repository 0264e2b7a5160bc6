package dev.hushcall.signaling.ratelimit;

/**
 * The token bucket as one number per bucket, the theoretical arrival time ({@code tat}): the bucket is full when
 * {@code tat <= now}; each token taken moves it one refill interval on; a take is allowed while that leaves
 * {@code tat - now <= burst × interval}. lua/limits-take.lua does the same arithmetic in Redis.
 */
public final class Gcra {

    private Gcra() {
    }

    /** The arrival time after one more take at {@code now}; {@code tat} 0 or in the past is a full bucket. */
    public static long next(long tat, long now, Bucket bucket) {
        return next(tat, now, bucket, 1);
    }

    /** The arrival time after taking {@code tokens} at once at {@code now}. */
    static long next(long tat, long now, Bucket bucket, long tokens) {
        return Math.max(tat, now) + tokens * bucket.refillMillis();
    }

    /** Milliseconds that take must wait: 0 when {@code next} fits the burst. */
    public static long wait(long next, long now, Bucket bucket) {
        return Math.max(0, next - now - bucket.burst() * bucket.refillMillis());
    }
}
