package dev.hushcall.signaling.metrics;

import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.presence.Connections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Gauges read from this node's state when scraped: open sockets, drain state. */
@Component
class NodeGauges implements MeterBinder {

    private final Connections connections;
    private final Drain drain;

    NodeGauges(Connections connections, Drain drain) {
        this.connections = connections;
        this.drain = drain;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(MetricNames.SOCKETS_OPEN, connections, Connections::count).register(registry);
        Gauge.builder(MetricNames.DRAIN_STATE, drain, d -> d.state().ordinal())
                .description("0 serving, 1 draining, 2 drained").register(registry);
    }
}
