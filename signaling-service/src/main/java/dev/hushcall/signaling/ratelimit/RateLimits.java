package dev.hushcall.signaling.ratelimit;

import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one door every limited request and frame passes before any work is done for it. A refusal is a {@link
 * RateLimited}, which the socket dispatcher answers with {@code rate_limited} and {@code retryAfterMs}, and REST with
 * 429 and {@code Retry-After}; each is counted as {@code hushcall.limits.refused{limit}}.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** The names refusals are counted under that are not token buckets. */
    public static final String RINGING_PER_CALLER = "ringing-per-caller";
    public static final String RINGING_PER_CALLEE = "ringing-per-callee";
    public static final String LIVE_CALLS_PER_USER = "live-calls-per-user";
    public static final String MAILBOX = "mailbox";

    /** One bucket of a check: the limit, and whose within the owner it counts (a device id, a callee), or "". */
    public record Check(Limit limit, String subject) {
        public static Check of(Limit limit) {
            return new Check(limit, "");
        }
    }

    private final RateLimitStore shared;
    private final LocalBuckets node = new LocalBuckets();
    private final RingingCalls ringing;
    private final LimitsProperties properties;
    private final MeterRegistry registry;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Clock clock;

    RateLimits(RateLimitStore shared, RingingCalls ringing, LimitsProperties properties, MeterRegistry registry,
               Clock clock) {
        this.shared = shared;
        this.ringing = ringing;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
        for (Limit limit : Limit.values()) {
            counter(limit.configName());
        }
        List.of(RINGING_PER_CALLER, RINGING_PER_CALLEE, LIVE_CALLS_PER_USER, MAILBOX).forEach(this::counter);
    }

    /** Takes a token of every check from {@code owner}'s buckets, all or none, or throws {@link RateLimited}. */
    public void take(String owner, Check... checks) {
        List<RateLimitStore.Take> sharedTakes = new ArrayList<>(checks.length);
        List<RateLimitStore.Take> nodeTakes = new ArrayList<>(0);
        for (Check check : checks) {
            var take = new RateLimitStore.Take(check.limit(), check.subject(), check.limit().bucket(properties));
            (check.limit().scope() == Limit.Scope.SHARED ? sharedTakes : nodeTakes).add(take);
        }
        Instant now = clock.instant();
        if (!nodeTakes.isEmpty()) {
            refuseIfWaiting(nodeTakes, node.take(owner, nodeTakes, now));
        }
        if (!sharedTakes.isEmpty()) {
            refuseIfWaiting(sharedTakes, shared.take(owner, sharedTakes, now));
        }
    }

    /** Refuses if a take from {@code limit}'s bucket of {@code owner} would now be refused; takes nothing. */
    public void refuseIfSpent(Limit limit, String owner) {
        var take = new RateLimitStore.Take(limit, "", limit.bucket(properties));
        long wait = store(limit).wait(owner, take, clock.instant());
        if (wait > 0) {
            throw refusal(limit.configName(), limit.refusal(), wait);
        }
    }

    /** Takes a token if there is one, refusing nothing: for counting failures that {@link #refuseIfSpent} checks. */
    public void spend(Limit limit, String owner) {
        store(limit).take(owner, List.of(new RateLimitStore.Take(limit, "", limit.bucket(properties))),
                clock.instant());
    }

    /**
     * Admits an offer: claims its frame id, takes a token from the offering device's and the caller → callee pair's
     * buckets and counts the call as ringing for its caller and its callee, or throws {@link RateLimited} when a bucket
     * is empty, either side already has as many calls ringing as allowed, or the caller is in as many live calls as
     * allowed. One step, one round trip on Redis.
     *
     * @return {@code ADMITTED}, {@code REPEAT} (the frame was handled already) or {@code Pending} (another handler
     *         holds the frame id's claim: admit again after the wait); every other outcome is thrown
     */
    public RingingCalls.Admission admitOffer(RingingCalls.Offer offer) {
        List<RateLimitStore.Take> takes = List.of(
                new RateLimitStore.Take(Limit.OFFERS_PER_DEVICE, Integer.toString(offer.from().deviceId()),
                        Limit.OFFERS_PER_DEVICE.bucket(properties)),
                new RateLimitStore.Take(Limit.OFFERS_PER_PAIR, offer.callee(), Limit.OFFERS_PER_PAIR.bucket(properties)));
        var caps = new RingingCalls.Caps(properties.ringingPerCaller(), properties.ringingPerCallee(),
                properties.liveCallsPerUser());
        var admission = ringing.admit(offer, takes, caps, clock.instant());
        if (admission instanceof RingingCalls.Admission.OverRate over) {
            Limit limit = takes.get(over.takeIndex()).limit();
            throw refusal(limit.configName(), limit.refusal(), over.waitMillis());
        }
        if (admission instanceof RingingCalls.Admission.TooManyRinging full) {
            throw full.side() == RingingCalls.Side.CALLER
                    ? refusal(RINGING_PER_CALLER, "you have " + properties.ringingPerCaller()
                            + " calls ringing already, the most allowed", full.waitMillis())
                    : refusal(RINGING_PER_CALLEE, "this user has " + properties.ringingPerCallee()
                            + " calls ringing already, the most allowed", full.waitMillis());
        }
        if (admission instanceof RingingCalls.Admission.InTooManyCalls busy) {
            throw refusal(LIVE_CALLS_PER_USER, "you are in " + properties.liveCallsPerUser()
                    + " calls already, the most allowed", busy.waitMillis());
        }
        return admission;
    }

    /**
     * An admitted offer did not become a ringing call (its callee is unknown, its payloads do not match the devices, the
     * store failed). A call that did ring leaves the ringing sets in the call store's own step when it stops ringing.
     * Never fails: an entry that could not be removed stops counting at its ring deadline anyway.
     */
    public void stopRinging(String caller, String callee, String callId) {
        try {
            ringing.remove(RingingCalls.entries(caller, callee, callId));
        } catch (Unavailable e) {
            log.debug("call {} counts as ringing until its deadline: {}", callId, e.getMessage());
        }
    }

    /** A refusal by a bound that is not a bucket (a full mailbox), counted with the rest. */
    public RateLimited refusal(String name, String sentence, long waitMillis) {
        counter(name).increment();
        return new RateLimited(name, sentence, Duration.ofMillis(Math.max(1, waitMillis)));
    }

    /** The frame and byte buckets of one new socket; the socket alone uses it, so it is not shared or locked. */
    public FrameRate newFrameRate() {
        return new FrameRate(properties, clock, limit -> counter(limit.configName()),
                registry.counter(MetricNames.LIMITS_SOCKETS_CLOSED));
    }

    @Scheduled(fixedDelay = 60_000)
    void purgeFullBuckets() {
        node.purge(clock.instant());
        if (shared instanceof LocalBuckets local) {
            local.purge(clock.instant());
        }
    }

    private RateLimitStore store(Limit limit) {
        return limit.scope() == Limit.Scope.SHARED ? shared : node;
    }

    private void refuseIfWaiting(List<RateLimitStore.Take> takes, RateLimitStore.Verdict verdict) {
        if (!verdict.taken()) {
            Limit limit = takes.get(verdict.refusedIndex()).limit();
            throw refusal(limit.configName(), limit.refusal(), verdict.waitMillis());
        }
    }

    private Counter counter(String name) {
        return refused.computeIfAbsent(name, n -> Counter.builder(MetricNames.LIMITS_REFUSED)
                .tag(MetricNames.TAG_LIMIT, n).register(registry));
    }
}
