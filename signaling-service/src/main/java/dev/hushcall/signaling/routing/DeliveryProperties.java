package dev.hushcall.signaling.routing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param gracePeriod how long frames wait for a device whose socket dropped (offers wait their ring lifetime)
 * @param purgeInterval how often expired frames are dropped from mailboxes
 */
@Validated
@ConfigurationProperties("hushcall.delivery")
public record DeliveryProperties(@NotNull Duration gracePeriod, @NotNull Duration purgeInterval) {
}
