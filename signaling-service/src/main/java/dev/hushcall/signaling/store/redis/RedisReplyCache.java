package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Frame ids already acted on, in Redis, so a frame resent to another node after a reconnect is still
 * recognised.
 *
 * <pre>
 * reply:{user}:&lt;deviceId&gt;:&lt;frameId&gt;  string  "1"   expires at the instant the caller gives (the resume grace period)
 * </pre>
 * Expiry is Redis's clock against the caller's instant; an instant already past is never remembered.
 */
public class RedisReplyCache implements ReplyCache {

    /** What SET NX answers when it claimed the key. */
    static final String CLAIMED = "OK";

    private final UnifiedJedis redis;

    public RedisReplyCache(UnifiedJedis redis) {
        this.redis = redis;
    }

    // The store's one key, tagged by the device's user.
    static String key(DeviceAddress device, String frameId) {
        return "reply:" + Redis.tag(device.user()) + ":" + device.deviceId() + ":" + frameId;
    }

    @Override
    public boolean firstTime(DeviceAddress device, String frameId, Instant expiresAt) {
        String reply = Redis.call("checking a frame id", () -> redis.set(key(device, frameId), "1", until(expiresAt)));
        return CLAIMED.equals(reply);
    }

    /** SET's options for a claim: only if the id is not there yet, forgotten at {@code expiresAt}. */
    static SetParams until(Instant expiresAt) {
        return SetParams.setParams().nx().pxAt(expiresAt.toEpochMilli());
    }

    @Override
    public void forget(DeviceAddress device, String frameId) {
        Redis.run("forgetting a frame id", () -> redis.del(key(device, frameId)));
    }
}
