package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.FrameClaims;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.Response;

/**
 * Claims a frame id and reads its call in one pipelined round trip. The two keys hash to different slots (the
 * sender's user, the call's pair of users), so they go in a pipeline, not a script; on a cluster Jedis sends each
 * command to its own node. A call this node has not met yet needs its pair read first: then the claim goes
 * alone and the call is read as {@link RedisCallStore#find} reads it, as before.
 */
public class RedisFrameClaims implements FrameClaims {

    private final GroupCommit commit;
    private final RedisCallStore calls;
    private final FrameClaims unpipelined;

    public RedisFrameClaims(GroupCommit commit, RedisCallStore calls, RedisReplyCache replies) {
        this.commit = commit;
        this.calls = calls;
        this.unpipelined = FrameClaims.oneAfterTheOther(replies, calls);
    }

    @Override
    public Claim claim(DeviceAddress device, String frameId, Instant expiresAt, Instant now, String callId) {
        Optional<String> pair = calls.knownPair(callId);
        if (pair.isEmpty()) {
            return unpipelined.claim(device, frameId, expiresAt, now, callId);
        }
        return Redis.call("claiming a frame id and reading its call", () -> {
            return commit.send(pipeline -> {
                Supplier<ReplyCache.Claimed> claimed = RedisReplyCache.queueClaim(pipeline, commit,
                        RedisReplyCache.key(device, frameId), expiresAt, now);
                Response<Map<String, String>> fields = pipeline.hgetAll(RedisCallStore.callKey(pair.get(), callId));
                return () -> {
                    ReplyCache.Claimed id = claimed.get();
                    return new Claim(id, id instanceof ReplyCache.Claimed.New
                            ? RedisCallStore.decodeIfAny(fields.get()) : Optional.empty());
                };
            });
        });
    }
}
