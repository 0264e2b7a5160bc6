package dev.hushcall.signaling.call;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param ringLifetime   how long an unanswered call rings (and an offer waits for an offline device)
 * @param endedRetention how long an ended call is remembered, so late frames get {@code call_ended}
 * @param sweepInterval  how often ring timeouts are checked: the timeout's resolution
 */
@Validated
@ConfigurationProperties("hushcall.calls")
public record CallProperties(@NotNull Duration ringLifetime, @NotNull Duration endedRetention,
                             @NotNull Duration sweepInterval) {

    @AssertTrue(message = "hushcall.calls.ring-lifetime must be between 5 seconds and 10 minutes")
    boolean isRingLifetimeSane() {
        return ringLifetime == null
                || (ringLifetime.toSeconds() >= 5 && ringLifetime.compareTo(Duration.ofMinutes(10)) <= 0);
    }
}
