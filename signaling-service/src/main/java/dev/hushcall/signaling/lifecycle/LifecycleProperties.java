package dev.hushcall.signaling.lifecycle;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param drainDelay   after readiness goes down, how long to keep serving so load balancers stop sending
 *                     new sockets here before the existing ones are asked to move
 * @param drainTimeout how long to wait for frames being handled when the sockets close
 */
@Validated
@ConfigurationProperties("hushcall.lifecycle")
public record LifecycleProperties(@NotNull Duration drainDelay, @NotNull Duration drainTimeout) {
}
