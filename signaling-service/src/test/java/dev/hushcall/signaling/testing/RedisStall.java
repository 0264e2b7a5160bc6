package dev.hushcall.signaling.testing;

import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * A script that keeps a Redis busy for a given time: Redis runs one script at a time, so every other client's command
 * waits behind it, as behind a Redis that stalls. Returns 1.
 */
public final class RedisStall {

    private static final String SCRIPT = """
            local t = redis.call('TIME')
            local stop = t[1] * 1000000 + t[2] + ARGV[1] * 1000
            repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop
            return 1""";

    private RedisStall() {
    }

    /** Stalls Redis for {@code millis}, returning when it is over (mind the client's read timeout). */
    public static Object run(UnifiedJedis client, long millis) {
        return client.eval(SCRIPT, List.of(), List.of(Long.toString(millis)));
    }

    /** Queues a stall of {@code millis} on a pipeline. */
    public static Response<Object> queue(AbstractPipeline pipeline, long millis) {
        return pipeline.eval(SCRIPT, List.of(), List.of(Long.toString(millis)));
    }
}
