package dev.hushcall.signaling.push;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param webhookUrl where to POST an offer for a device with no live socket; empty = push is off
 * @param timeout    how long one webhook call may take
 */
@Validated
@ConfigurationProperties("hushcall.push")
public record PushProperties(URI webhookUrl, @NotNull Duration timeout) {
}
