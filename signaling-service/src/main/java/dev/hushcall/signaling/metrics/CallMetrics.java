package dev.hushcall.signaling.metrics;

import static dev.hushcall.signaling.metrics.MetricNames.*;

import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** What calls, routing and the socket do, counted. Meters are created once and reused. */
@Component
public class CallMetrics {

    /** SLO buckets of set-up time: the fast path of an auto-answering client, then human answer times. */
    private static final Duration[] SETUP_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Timer setup;
    private final Counter started;
    private final Counter answered;
    private final Counter replayed;
    private final Counter resumes;
    private final Map<EndReason, Counter> ended = new EnumMap<>(EndReason.class);
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> routed = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();
    private final Counter bundles;
    private final Counter ecExhausted;
    private final Counter mailboxFull;
    private final Counter unheard;

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.setup = Timer.builder(CALL_SETUP).description("offer accepted to answer delivered")
                .serviceLevelObjectives(SETUP_BUCKETS).register(registry);
        this.started = Counter.builder(CALLS_STARTED).register(registry);
        this.answered = Counter.builder(CALLS_ANSWERED).register(registry);
        this.replayed = Counter.builder(DELIVERY_REPLAYED).register(registry);
        this.resumes = Counter.builder(DELIVERY_RESUMES).register(registry);
        for (EndReason reason : EndReason.values()) {
            ended.put(reason, Counter.builder(CALLS_ENDED).tag(TAG_REASON, reason.wireName()).register(registry));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder(ERRORS).tag(TAG_CODE, code.wireName()).register(registry));
        }
        registry.gauge(CALLS_ACTIVE, active);
        this.bundles = Counter.builder(BUNDLES_FETCHED).register(registry);
        // Only EC: a bundle without a one-time EC key shows it; an exhausted Kyber pool is served by the
        // last-resort key, which the bundle does not mark.
        this.ecExhausted = Counter.builder(PREKEYS_EXHAUSTED).tag(TAG_KIND, "ec").register(registry);
        this.mailboxFull = Counter.builder(DELIVERY_REFUSED).description("frames refused: their device's mailbox was full")
                .register(registry);
        this.unheard = Counter.builder(BUS_UNHEARD)
                .description("frames published to another node while no node listened there; they wait in mailboxes")
                .register(registry);
    }

    /** A frame published to a node that nobody listened for. */
    public void unheard() {
        unheard.increment();
    }

    /** A frame refused because its device's mailbox was full. */
    public void mailboxFull() {
        mailboxFull.increment();
    }

    public void callStarted() {
        started.increment();
        active.incrementAndGet();
    }

    public void callAnswered(Duration setupTime) {
        answered.increment();
        setup.record(setupTime.isNegative() ? Duration.ZERO : setupTime);
    }

    /** A call that had started (rang) is over. */
    public void callEnded(EndReason reason) {
        ended.get(reason).increment();
        active.decrementAndGet();
    }

    /** A frame routed to a device; {@code type} is its wire type id, e.g. {@code call.offer}. */
    public void routed(String type) {
        routed.computeIfAbsent(type, t -> Counter.builder(MESSAGES_ROUTED).tag(TAG_TYPE, t).register(registry))
                .increment();
    }

    public void connectedWithPending(int frames) {
        if (frames > 0) {
            resumes.increment();
            replayed.increment(frames);
        }
    }

    /** Bundles handed out, and how many of them had no one-time EC prekey left. */
    public void bundlesFetched(int count, int withoutOneTimeKey) {
        bundles.increment(count);
        ecExhausted.increment(withoutOneTimeKey);
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }
}
