package dev.hushcall.signaling.push;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param webhookUrl  where to POST an offer for a device with no live socket; empty = push is off
 * @param timeout     how long one webhook call may take
 * @param concurrency webhook calls in flight at once, at most
 * @param queue       webhook calls waiting for one of those; past it, pushes are dropped and counted
 */
@Validated
@ConfigurationProperties("hushcall.push")
public record PushProperties(URI webhookUrl, @NotNull Duration timeout, @Min(1) @Max(256) int concurrency,
                             @Min(1) int queue) {
}
