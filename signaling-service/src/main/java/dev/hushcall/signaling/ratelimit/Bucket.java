package dev.hushcall.signaling.ratelimit;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * A token bucket's size: {@code burst} tokens at most, one token back every {@code refill}. So {@code burst: 20,
 * refill: 1s} allows 20 at once, then one a second.
 */
public record Bucket(@Min(1) int burst, @NotNull Duration refill) {

    @AssertTrue(message = "a limit's refill must be between 1 ms and 1 day")
    boolean isRefillSane() {
        return refill == null || (refill.toMillis() >= 1 && refill.compareTo(Duration.ofDays(1)) <= 0);
    }

    long refillMillis() {
        return refill.toMillis();
    }
}
