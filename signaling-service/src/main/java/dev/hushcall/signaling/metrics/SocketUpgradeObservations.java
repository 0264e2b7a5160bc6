package dev.hushcall.signaling.metrics;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * No HTTP request observation for socket upgrades: the upgraded request lives as long as its socket, and so did
 * its observation, about 1.5 KB of heap per idle socket. Sockets have their own metrics.
 */
@Configuration(proxyBeanMethods = false)
class SocketUpgradeObservations {

    @Bean
    ObservationPredicate noObservationOfSocketUpgrades() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getRequestURI().startsWith("/v1/ws"));
    }
}
