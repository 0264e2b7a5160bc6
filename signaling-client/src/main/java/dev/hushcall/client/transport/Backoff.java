package dev.hushcall.client.transport;

import java.time.Duration;

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet of
 * clients dropped by one node restart does not reconnect in lockstep.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The delay before reconnect attempt {@code attempt} (0-based), given a random number in [0, 1). */
    Duration delay(int attempt, double random) {
        long cap = max.toMillis();
        long base = min.toMillis() << Math.min(attempt, 30);
        long ceiling = base <= 0 || base > cap ? cap : base;
        return Duration.ofMillis(ceiling / 2 + (long) (random * (ceiling - ceiling / 2)));
    }
}
