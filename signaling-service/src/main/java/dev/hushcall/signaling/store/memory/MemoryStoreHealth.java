package dev.hushcall.signaling.store.memory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The embedded default's storage is this process: up whenever the process is. */
class MemoryStoreHealth implements HealthIndicator {

    @Override
    public Health health() {
        return Health.up().withDetail("backend", "memory").build();
    }
}
