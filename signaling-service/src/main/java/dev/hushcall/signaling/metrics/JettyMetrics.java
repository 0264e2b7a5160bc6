package dev.hushcall.signaling.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.jetty.metrics.JettyServerThreadPoolMetricsBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jetty's thread pool metrics ({@code jetty.threads.*}) without Micrometer's per-connection ones, whose binder
 * Spring Boot would add too: it takes one process-wide lock on every connection opened and closed (each socket,
 * each REST call), which the benchmark's socket threads queued on, and keeps an entry per open socket. Sockets
 * and calls have their own metrics ({@link MetricNames}); request counts come from {@code http.server.requests}.
 */
@Configuration(proxyBeanMethods = false)
class JettyMetrics {

    @Bean
    JettyServerThreadPoolMetricsBinder jettyThreadPoolMetrics(MeterRegistry registry) {
        return new JettyServerThreadPoolMetricsBinder(registry);
    }
}
