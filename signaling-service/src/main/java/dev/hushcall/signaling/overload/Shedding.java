package dev.hushcall.signaling.overload;

import dev.hushcall.signaling.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * Refuses new calls while the node is behind, so the calls under way keep going: past capacity, a node that took every
 * offer would queue frames until every request timed out (docs/benchmarks.md measured a 30 s step take minutes).
 *
 * <p>Behind means the store's oldest waiting request, or the last task handed to the server's thread pool, has waited
 * longer than {@link OverloadProperties#storeWait}: past capacity on a shared machine frames wait for a thread before
 * they wait for Redis. An offer is the only frame refused: it starts the most work (limits, a call, a mailbox write and
 * a push), and a caller told {@code unavailable} with {@code retryAfterMs} tries again; answers, candidates and
 * hang-ups of calls under way still go through. Refusing costs no store round trip, so it stays fast however far behind the node is.
 */
public class Shedding {

    private final StoreBacklog backlog;
    private final LongSupplier poolLag;
    private final long boundNanos;
    private final Overloaded refusal;
    private final Counter shed;

    /**
     * @param poolLag how long a task has waited for a thread of the server's pool, ns ({@link PoolLag})
     */
    public Shedding(StoreBacklog backlog, LongSupplier poolLag, OverloadProperties properties, MeterRegistry registry) {
        this.backlog = backlog;
        this.poolLag = poolLag;
        this.boundNanos = properties.storeWait().toNanos();
        this.refusal = new Overloaded(properties.retryAfter());
        this.shed = Counter.builder(MetricNames.OVERLOAD_SHED)
                .description("New calls refused because the node was behind").register(registry);
        Gauge.builder(MetricNames.STORE_BACKLOG, backlog, b -> b.oldestWaitNanos() / 1e9)
                .description("How long the oldest store request waiting for its round trip has waited")
                .baseUnit("seconds").register(registry);
        Gauge.builder(MetricNames.POOL_LAG, poolLag, lag -> lag.getAsLong() / 1e9)
                .description("How long a task waits for a thread of the server's pool")
                .baseUnit("seconds").register(registry);
    }

    /** Throws {@link Overloaded} when the node is behind; a new call may go on otherwise. */
    public void admitNewCall() {
        if (backlog.oldestWaitNanos() > boundNanos || poolLag.getAsLong() > boundNanos) {
            shed.increment();
            throw refusal;
        }
    }
}
