package dev.hushcall.signaling.ws;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param allowedOrigins  Origin patterns browsers may open the socket from
 * @param idleTimeout     a socket with no frame for this long is closed
 * @param sendTimeLimit   a device that cannot take a frame for this long is disconnected
 * @param sendBufferBytes frames buffered for a slow device before it is disconnected
 * @param maxMessageBytes the largest message the container accepts; above it, it closes the socket with 1009
 * @param acceptQueue     connections the kernel holds until Jetty accepts them (the listen backlog)
 */
@Validated
@ConfigurationProperties("hushcall.ws")
public record WsProperties(@NotEmpty List<String> allowedOrigins, @NotNull Duration idleTimeout,
                           @NotNull Duration sendTimeLimit, @Positive int sendBufferBytes,
                           @Positive int maxMessageBytes, @Positive int acceptQueue) {
}
