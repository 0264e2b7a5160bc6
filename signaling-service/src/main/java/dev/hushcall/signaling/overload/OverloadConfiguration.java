package dev.hushcall.signaling.overload;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shedding over whichever store backlog the chosen store provides, and the socket server's pool. */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

    @Bean(destroyMethod = "close")
    PoolLag poolLag() {
        return new PoolLag();
    }

    @Bean
    Shedding shedding(StoreBacklog backlog, PoolLag poolLag, OverloadProperties properties, MeterRegistry registry) {
        return new Shedding(backlog, poolLag::nanos, properties, registry);
    }

    /** The socket server's pool, once it runs; the management server (its own port) has a pool of its own. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> poolLagWatcher(PoolLag poolLag) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null
                    && event.getWebServer() instanceof JettyWebServer jetty) {
                poolLag.watch(jetty.getServer().getThreadPool());
            }
        };
    }
}
