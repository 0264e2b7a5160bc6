package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
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
 * <p>Done marks leave the frame's path: {@link #done} queues the key, and one thread writes what has queued within 5 ms
 * of the first mark, and while its previous round trip was out, in one pipeline. A mark may so land after the ack; a
 * resend in between waits for it.
 */
public class RedisReplyCache implements ReplyCache, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisReplyCache.class);
    static final LuaScript CLAIM = LuaScript.load("frame-claim");
    private static final int MOST_MARKS_PER_TRIP = 1024;
    private static final long LINGER_MILLIS = 5;
    private static final String STOP = "";

    private final UnifiedJedis redis;
    private final LinkedBlockingQueue<String> marks = new LinkedBlockingQueue<>();
    private final Thread marker;

    public RedisReplyCache(UnifiedJedis redis) {
        this.redis = redis;
        this.marker = new Thread(this::markUntilStopped, "hushcall-done-marks");
        marker.setDaemon(true);
        marker.start();
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
        return claimed((List<?>) Redis.call("claiming a frame id",
                () -> CLAIM.run(redis, List.of(key(device, frameId)), claimArguments(expiresAt, now))));
    }

    @Override
    public void done(DeviceAddress device, String frameId) {
        marks.add(key(device, frameId));
    }

    @Override
    public void forget(DeviceAddress device, String frameId) {
        Redis.run("forgetting a frame id", () -> redis.del(key(device, frameId)));
    }

    /** Writes the marks queued so far, then stops the thread that writes them. */
    @Override
    public void close() throws InterruptedException {
        marks.add(STOP);
        marker.join(5_000);
    }

    private void markUntilStopped() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(marks.take());
                // A mark that waits a little costs nothing (a resend in between waits for it); a round trip per mark
                // would cost Redis and this node ~8 round trips per call set-up at low rates.
                Thread.sleep(LINGER_MILLIS);
                marks.drainTo(batch, MOST_MARKS_PER_TRIP - 1);
                boolean stop = batch.remove(STOP);
                write(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only over a claim still there ({@code XX}), keeping its expiry. */
    private void write(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        SetParams overClaim = SetParams.setParams().xx().keepTtl();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            keys.forEach(key -> pipeline.set(key, "1", overClaim));
            pipeline.sync();
        } catch (RuntimeException e) {
            // The claims stay pending until they expire: a resend meanwhile is handled again after the lease.
            log.warn("{} done marks not written ({}); their frames may be handled again if resent",
                    keys.size(), e.getClass().getSimpleName());
        }
    }
}
