package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;

/**
 * The calls ringing per user and side, in Redis. An offer's admission is one round trip: lua/limits-take.lua runs for
 * the caller (its frame id's claim, its offer buckets, its caller set and the count of its live calls in {@link
 * RedisCallStore}'s {@code livecalls:{user}}, one hash tag, all or none) and for the callee (its callee set), in one
 * pipeline, since the two users' keys are on different slots. {@link RedisCallStore} takes a call out of both sets in
 * the pipelines that answer and end it.
 *
 * <pre>
 * ringing:{user}:caller  zset  callId by ring deadline (ms)   expires with its latest deadline
 * ringing:{user}:callee  zset  the same, for calls ringing the user
 * </pre>
 */
public class RedisRingingCalls implements RingingCalls {

    /** The caller's script checks its ringing set, its live calls and the frame id; the callee's, its ringing set. */
    private static final RedisRateLimitStore.Follows CALLER_FOLLOWS =
            new RedisRateLimitStore.Follows(true, true, true);
    private static final RedisRateLimitStore.Follows CALLEE_FOLLOWS =
            new RedisRateLimitStore.Follows(true, false, false);

    private final GroupCommit commit;

    public RedisRingingCalls(GroupCommit commit) {
        this.commit = commit;
    }

    // The store's one key.
    static String key(String user, Side side) {
        return "ringing:" + Redis.tag(user) + ":" + (side == Side.CALLER ? "caller" : "callee");
    }

    /** Queues the removal of {@code callId} from both sets of both users: for a call whose direction is not known. */
    static void unlist(AbstractPipeline pipeline, List<String> users, String callId) {
        for (String user : users) {
            pipeline.zrem(key(user, Side.CALLER), callId);
            pipeline.zrem(key(user, Side.CALLEE), callId);
        }
    }

    @Override
    public Admission admit(Offer offer, List<RateLimitStore.Take> callerTakes, Caps caps, Instant now) {
        List<String> callerKeys = new ArrayList<>(callerTakes.size() + 3);
        List<String> callerArgs = new ArrayList<>(12 + 2 * callerTakes.size());
        RedisRateLimitStore.addTakes(offer.caller(), callerTakes, now, CALLER_FOLLOWS, callerKeys, callerArgs);
        addRinging(offer, Side.CALLER, caps.perCaller(), callerKeys, callerArgs);
        callerKeys.add(RedisCallStore.userCallsKey(offer.caller()));
        callerArgs.add(offer.callId());
        callerArgs.add(Integer.toString(caps.liveCallsPerUser()));
        callerKeys.add(RedisReplyCache.key(offer.from(), offer.frameId()));
        callerArgs.add(Long.toString(offer.idExpiresAt().toEpochMilli()));
        callerArgs.add(Long.toString(ReplyCache.LEASE.toMillis()));
        List<String> calleeKeys = new ArrayList<>(1);
        List<String> calleeArgs = new ArrayList<>(8);
        RedisRateLimitStore.addTakes(offer.callee(), List.of(), now, CALLEE_FOLLOWS, calleeKeys, calleeArgs);
        addRinging(offer, Side.CALLEE, caps.perCallee(), calleeKeys, calleeArgs);
        List<?>[] sides = Redis.call("admitting an offer", () -> {
            return commit.send(pipeline -> {
                LuaScript.Queued caller = RedisRateLimitStore.TAKE.queue(pipeline, callerKeys, callerArgs);
                LuaScript.Queued callee = RedisRateLimitStore.TAKE.queue(pipeline, calleeKeys, calleeArgs);
                return () -> new List<?>[] {(List<?>) caller.get(commit), (List<?>) callee.get(commit)};
            });
        });
        int callerRefused = ((Long) sides[0].get(0)).intValue();
        boolean calleeRefused = (Long) sides[1].get(0) != 0;
        if (callerRefused == 0 && !calleeRefused) {
            return Admission.ADMITTED;
        }
        // Each side is all or none; the other side, counted meanwhile, leaves again. A repeated frame takes nothing:
        // its callee entry leaves again unless the call was counted there already (it still rings).
        if (callerRefused < 0) {
            if (!calleeRefused && (Long) sides[1].get(1) == 0) {
                remove(List.of(new Entry(offer.callee(), Side.CALLEE, offer.callId())));
            }
            return callerRefused == -1 ? Admission.REPEAT : new Admission.Pending((Long) sides[0].get(1));
        }
        if (callerRefused == 0) {
            Redis.run("uncounting ringing calls", () -> {
                commit.commands(pipeline -> {
                    pipeline.zrem(key(offer.caller(), Side.CALLER), offer.callId());
                    pipeline.del(RedisReplyCache.key(offer.from(), offer.frameId()));
                });
            });
            return new Admission.TooManyRinging(Side.CALLEE, (Long) sides[1].get(1));
        }
        if (!calleeRefused) {
            remove(List.of(new Entry(offer.callee(), Side.CALLEE, offer.callId())));
        }
        long wait = (Long) sides[0].get(1);
        if (callerRefused == callerTakes.size() + 1) {
            return new Admission.TooManyRinging(Side.CALLER, wait);
        }
        return callerRefused == callerTakes.size() + 2 ? new Admission.InTooManyCalls(wait)
                : new Admission.OverRate(callerRefused - 1, wait);
    }

    private static void addRinging(Offer offer, Side side, int most, List<String> keys, List<String> args) {
        keys.add(key(side == Side.CALLER ? offer.caller() : offer.callee(), side));
        args.add(offer.callId());
        args.add(Long.toString(offer.until().toEpochMilli()));
        args.add(Integer.toString(most));
    }

    /** One round trip for all entries: they are on different slots, which a pipeline allows and a script does not. */
    @Override
    public void remove(List<Entry> entries) {
        Redis.run("uncounting ringing calls", () -> {
            commit.commands(pipeline -> {
                entries.forEach(e -> pipeline.zrem(key(e.user(), e.side()), e.callId()));
            });
        });
    }
}
