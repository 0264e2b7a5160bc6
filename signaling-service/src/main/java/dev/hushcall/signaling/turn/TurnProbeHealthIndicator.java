package dev.hushcall.signaling.turn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor "turnProbe" (the bean name minus "HealthIndicator"): the probe's last round, served by the
 * health group "turn" ({@code /actuator/health/turn}, application.yml). Deliberately in neither readiness nor the
 * default {@code /actuator/health} status ({@link TurnOutsideDefaultHealth}): a broken coturn degrades relayed calls
 * but must not take the signalling service out of a load balancer. UNKNOWN while the probe is off or its first
 * round is pending.
 */
@Component
class TurnProbeHealthIndicator implements HealthIndicator {

    /** The contributor's name, from the bean name; a group may not share it, hence "turnProbe", not "turn". */
    static final String NAME = "turnProbe";

    private final TurnProbe probe;

    TurnProbeHealthIndicator(TurnProbe probe) {
        this.probe = probe;
    }

    @Override
    public Health health() {
        if (probe.offReason().isPresent()) {
            return Health.unknown().withDetail("probe", "off: " + probe.offReason().get()).build();
        }
        return probe.lastResult().map(TurnProbeHealthIndicator::of)
                .orElseGet(() -> Health.unknown().withDetail("probe", "first round pending").build());
    }

    private static Health of(TurnProbe.Result result) {
        Map<String, Object> servers = new LinkedHashMap<>();
        for (TurnProbe.ServerResult server : result.servers()) {
            servers.put(server.server(), Map.of(
                    "status", server.status().name(),
                    "latencyMs", server.latency().toMillis(),
                    "reason", server.reason()));
        }
        return (result.healthy() ? Health.up() : Health.down())
                .withDetail("at", result.at().toString())
                .withDetail("servers", servers)
                .build();
    }
}
