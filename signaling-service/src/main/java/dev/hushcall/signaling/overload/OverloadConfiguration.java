package dev.hushcall.signaling.overload;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shedding over whichever store backlog the chosen store provides. */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

    @Bean
    Shedding shedding(StoreBacklog backlog, OverloadProperties properties, MeterRegistry registry) {
        return new Shedding(backlog, properties, registry);
    }
}
