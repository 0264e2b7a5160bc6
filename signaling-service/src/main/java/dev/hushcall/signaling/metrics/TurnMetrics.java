package dev.hushcall.signaling.metrics;

import static dev.hushcall.signaling.metrics.MetricNames.*;

import dev.hushcall.signaling.turn.TurnProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * TURN credentials handed out, and each probe round per TURN server and transport ({@code server} =
 * host:port/transport from config, e.g. {@code turn.example.com:443/tls}).
 */
@Component
public class TurnMetrics {

    private static final Duration[] PROBE_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Counter issued;
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();

    TurnMetrics(MeterRegistry registry, TurnProbe probe) {
        this.registry = registry;
        this.issued = Counter.builder(TURN_CREDENTIALS_ISSUED).register(registry);
        probe.onResult(this::probed);
    }

    public void credentialsIssued() {
        issued.increment();
    }

    private void probed(TurnProbe.Result result) {
        for (TurnProbe.ServerResult server : result.servers()) {
            up.computeIfAbsent(server.server(), name -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder(TURN_PROBE_UP, value, AtomicInteger::get).tag(TAG_SERVER, name)
                        .description("1 when a fresh Allocate succeeded in the last probe round").register(registry);
                return value;
            }).set(server.ok() ? 1 : 0);
            if (server.ok()) {
                Timer.builder(TURN_PROBE_LATENCY).tag(TAG_SERVER, server.server())
                        .serviceLevelObjectives(PROBE_BUCKETS).register(registry).record(server.latency());
            }
        }
    }
}
