package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Frame ids claimed and done, in Redis, so a frame resent to another node after a reconnect is still recognised, and
 * one whose node died between the claim and the routing is routed by the node it is resent to (lua/frame-claim.lua).
 *
 * <pre>
 * reply:{user}:&lt;deviceId&gt;:&lt;frameId&gt;  string  "p&lt;ms&gt;" claimed, "1" done   expires at the instant the caller gives (the resume grace period)
 * </pre>
 * Expiry is Redis's clock against the caller's instant; an instant already past is never remembered.
 *
 * <p>A claim is one plain {@code SET … NX GET}: it claims a free id, or says what holds it. Only an id another
 * handler holds, a frame resent while it is handled or after its node died, runs lua/frame-claim.lua, which waits for
 * the lease or takes the claim over. A script costs Redis ~25 µs against ~2 µs for the command, and a call set-up
 * claims eight ids.
 *
 * <p>Done marks leave the frame's path: they are {@linkplain GroupCommit#later later writes}, sent with the node's next
 * round trip or within {@link GroupCommit#LINGER}. A mark may so land after the ack; a resend in between waits for it.
 */
public class RedisReplyCache implements ReplyCache {

    static final LuaScript CLAIM = LuaScript.load("frame-claim");
    /** Only over a claim still there ({@code XX}), keeping its expiry. */
    private static final SetParams OVER_CLAIM = SetParams.setParams().xx().keepTtl();
    private static final String DONE_MARKS = "done marks (their frames are handled again if resent after the lease)";

    private final GroupCommit commit;

    public RedisReplyCache(GroupCommit commit) {
        this.commit = commit;
    }

    // The store's one key, tagged by the device's user.
    static String key(DeviceAddress device, String frameId) {
        return "reply:" + Redis.tag(device.user()) + ":" + device.deviceId() + ":" + frameId;
    }

    /** lua/frame-claim.lua's arguments for a claim until {@code expiresAt}, at {@code now}. */
    static List<String> claimArguments(Instant expiresAt, Instant now) {
        return List.of(Long.toString(now.toEpochMilli()), Long.toString(expiresAt.toEpochMilli()),
                Long.toString(LEASE.toMillis()));
    }

    /** lua/frame-claim.lua's answer. */
    static Claimed claimed(List<?> reply) {
        long outcome = (Long) reply.get(0);
        return outcome == 0 ? Claimed.NEW : outcome == 1 ? Claimed.DONE : new Claimed.Pending((Long) reply.get(1));
    }

    @Override
    public Claimed claim(DeviceAddress device, String frameId, Instant expiresAt, Instant now) {
        return Redis.call("claiming a frame id",
                () -> commit.send(pipeline -> queueClaim(pipeline, commit, key(device, frameId), expiresAt, now)));
    }

    /**
     * Queues the claim of {@code key} on {@code pipeline}; what it returns reads the outcome after the round trip,
     * asking lua/frame-claim.lua in a round trip of its own when another handler's claim is there.
     */
    static Supplier<Claimed> queueClaim(AbstractPipeline pipeline, GroupCommit commit, String key, Instant expiresAt,
                                        Instant now) {
        Response<String> held = pipeline.setGet(key, "p" + now.toEpochMilli(),
                SetParams.setParams().nx().pxAt(expiresAt.toEpochMilli()));
        return () -> {
            String found = held.get();
            if (found == null) {
                return Claimed.NEW;
            }
            if (found.equals("1")) {
                return Claimed.DONE;
            }
            return claimed((List<?>) CLAIM.run(commit, List.of(key), claimArguments(expiresAt, now)));
        };
    }

    @Override
    public void done(DeviceAddress device, String frameId) {
        String key = key(device, frameId);
        commit.later(new GroupCommit.Later(DONE_MARKS, pipeline -> pipeline.set(key, "1", OVER_CLAIM)));
    }

    @Override
    public void forget(DeviceAddress device, String frameId) {
        Redis.run("forgetting a frame id", () -> commit.command(pipeline -> pipeline.del(key(device, frameId))));
    }
}
