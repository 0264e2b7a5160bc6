package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * The calls ringing per user and side, in Redis.
 *
 * <pre>
 * ringing:{user}:caller  zset  callId by ring deadline (ms)   expires with its latest deadline
 * ringing:{user}:callee  zset  the same, for calls ringing the user
 * </pre>
 */
public class RedisRingingCalls implements RingingCalls {

    private final UnifiedJedis redis;
    private final LuaScript add = LuaScript.load("ringing-add");

    public RedisRingingCalls(UnifiedJedis redis) {
        this.redis = redis;
    }

    // The store's one key.
    static String key(String user, Side side) {
        return "ringing:" + Redis.tag(user) + ":" + (side == Side.CALLER ? "caller" : "callee");
    }

    @Override
    public long add(Entry entry, Instant until, int max, Instant now) {
        List<String> args = List.of(Long.toString(now.toEpochMilli()), entry.callId(),
                Long.toString(until.toEpochMilli()), Integer.toString(max));
        return (Long) Redis.call("counting a ringing call",
                () -> add.run(redis, List.of(key(entry.user(), entry.side())), args));
    }

    /** One round trip for all entries: they are on different slots, which a pipeline allows and a script does not. */
    @Override
    public void remove(List<Entry> entries) {
        Redis.run("uncounting ringing calls", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                entries.forEach(e -> pipeline.zrem(key(e.user(), e.side()), e.callId()));
                pipeline.sync();
            }
        });
    }
}
