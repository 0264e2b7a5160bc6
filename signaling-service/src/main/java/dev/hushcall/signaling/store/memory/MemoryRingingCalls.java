package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls ringing per user and side, in memory: callId → ring deadline, an entry per user with any ringing. An
 * admission holds this object's lock while it claims the frame id in {@code replies}, checks both sides and takes the
 * caller's tokens from {@code buckets} (the node's shared-scope store), so two offers of one caller cannot both take
 * the last place. The caller's live calls are counted in {@code userCalls}, which the call store writes.
 */
public class MemoryRingingCalls implements RingingCalls {

    private final RateLimitStore buckets;
    private final ReplyCache replies;
    private final MemoryUserCalls userCalls;
    private final Map<String, Map<String, Instant>> ringing = new HashMap<>();

    public MemoryRingingCalls(RateLimitStore buckets, ReplyCache replies, MemoryUserCalls userCalls) {
        this.buckets = buckets;
        this.replies = replies;
        this.userCalls = userCalls;
    }

    @Override
    public synchronized Admission admit(Offer offer, List<RateLimitStore.Take> callerTakes, Caps caps, Instant now) {
        ReplyCache.Claimed id = replies.claim(offer.from(), offer.frameId(), offer.idExpiresAt(), now);
        if (id instanceof ReplyCache.Claimed.Pending pending) {
            return new Admission.Pending(pending.waitMillis());
        }
        if (id == ReplyCache.Claimed.DONE) {
            return Admission.REPEAT;
        }
        Admission admission = countBothSides(offer, callerTakes, caps, now);
        if (admission != Admission.ADMITTED) {
            replies.forget(offer.from(), offer.frameId());
        }
        return admission;
    }

    private Admission countBothSides(Offer offer, List<RateLimitStore.Take> callerTakes, Caps caps, Instant now) {
        Map<String, Instant> asCaller = live(key(offer.caller(), Side.CALLER), now);
        long wait = MemoryUserCalls.waitForPlace(asCaller, offer.callId(), caps.perCaller(), now);
        if (wait > 0) {
            return new Admission.TooManyRinging(Side.CALLER, wait);
        }
        wait = userCalls.waitForPlace(offer.caller(), offer.callId(), caps.liveCallsPerUser(), now);
        if (wait > 0) {
            return new Admission.InTooManyCalls(wait);
        }
        RateLimitStore.Verdict verdict = buckets.take(offer.caller(), callerTakes, now);
        if (!verdict.taken()) {
            return new Admission.OverRate(verdict.refusedIndex(), verdict.waitMillis());
        }
        Map<String, Instant> asCallee = live(key(offer.callee(), Side.CALLEE), now);
        wait = MemoryUserCalls.waitForPlace(asCallee, offer.callId(), caps.perCallee(), now);
        if (wait > 0) {
            return new Admission.TooManyRinging(Side.CALLEE, wait);
        }
        asCaller.putIfAbsent(offer.callId(), offer.until());
        asCallee.putIfAbsent(offer.callId(), offer.until());
        ringing.put(key(offer.caller(), Side.CALLER), asCaller);
        ringing.put(key(offer.callee(), Side.CALLEE), asCallee);
        return Admission.ADMITTED;
    }

    @Override
    public synchronized void remove(List<Entry> entries) {
        for (Entry e : entries) {
            ringing.computeIfPresent(key(e.user(), e.side()), (k, calls) -> {
                calls.remove(e.callId());
                return calls.isEmpty() ? null : calls;
            });
        }
    }

    /** The calls of one user's side still ringing at {@code now}; held only once a call is added to it. */
    private Map<String, Instant> live(String key, Instant now) {
        Map<String, Instant> calls = ringing.get(key);
        if (calls == null) {
            return new HashMap<>();
        }
        calls.values().removeIf(deadline -> !deadline.isAfter(now));
        if (calls.isEmpty()) {
            ringing.remove(key);
        }
        return calls;
    }

    private static String key(String user, Side side) {
        return side + "\n" + user;
    }
}
