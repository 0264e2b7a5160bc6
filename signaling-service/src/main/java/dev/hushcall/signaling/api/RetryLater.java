package dev.hushcall.signaling.api;

import java.time.Duration;

/**
 * A refusal that says when to try again: a limit's ({@code rate_limited}) or an overloaded node's ({@code
 * unavailable}). Error frames carry it as {@code retryAfterMs}, HTTP answers as {@code Retry-After}.
 */
public interface RetryLater {

    Duration retryAfter();

    /** The whole seconds a {@code Retry-After} header carries: never 0, which would invite an immediate retry. */
    default long retryAfterSeconds() {
        return wholeSeconds(retryAfter());
    }

    /** {@code wait} in whole seconds, rounded up, at least 1. */
    static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
