package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.Gcra;
import dev.hushcall.signaling.ratelimit.RateLimitStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets in Redis, so a limit holds across nodes: one script call per check, whatever the number of buckets,
 * because every bucket of a check belongs to one owner and carries the owner's hash tag.
 *
 * <p>Written here rather than taken from Bucket4j's Jedis integration: that keeps a bucket as a serialized object and
 * updates it by compare-and-swap, a read and a write per bucket, while a check here (offers: device and pair) is one
 * round trip for all its buckets, and a bucket is one integer with a TTL.
 *
 * <pre>
 * limit:{owner}:&lt;limit&gt;:&lt;subject&gt;  string  theoretical arrival time (ms)   expires when the bucket is full again
 * </pre>
 */
public class RedisRateLimitStore implements RateLimitStore {

    private final GroupCommit commit;
    static final LuaScript TAKE = LuaScript.load("limits-take");

    public RedisRateLimitStore(GroupCommit commit) {
        this.commit = commit;
    }

    // The store's one key.
    static String key(String owner, Take take) {
        return "limit:" + Redis.tag(owner) + ":" + take.limit().configName() + ":" + take.subject();
    }

    @Override
    public Verdict take(String owner, List<Take> takes, Instant now) {
        List<String> keys = new ArrayList<>(takes.size());
        List<String> args = new ArrayList<>(4 + 2 * takes.size());
        addTakes(owner, takes, now, Follows.NOTHING, keys, args);
        List<?> result = (List<?>) Redis.call("checking a limit", () -> TAKE.run(commit, keys, args));
        int refused = ((Long) result.get(0)).intValue();
        return refused == 0 ? Verdict.TAKEN : new Verdict(refused - 1, (Long) result.get(1));
    }

    /** What lua/limits-take.lua checks after the buckets, in this order: their keys and arguments follow theirs. */
    record Follows(boolean ringingSet, boolean liveSet, boolean claim) {
        static final Follows NOTHING = new Follows(false, false, false);
    }

    /** The keys and arguments of lua/limits-take.lua for {@code takes}, saying what {@code follows} them. */
    static void addTakes(String owner, List<Take> takes, Instant now, Follows follows, List<String> keys,
                         List<String> args) {
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Integer.toString(takes.size()));
        for (boolean part : new boolean[] {follows.ringingSet(), follows.liveSet(), follows.claim()}) {
            args.add(part ? "1" : "0");
        }
        for (Take t : takes) {
            keys.add(key(owner, t));
            args.add(Long.toString(t.bucket().refill().toMillis()));
            args.add(Integer.toString(t.bucket().burst()));
        }
    }

    @Override
    public long wait(String owner, Take take, Instant now) {
        String tat = Redis.call("reading a limit", () -> commit.command(pipeline -> pipeline.get(key(owner, take))));
        long millis = now.toEpochMilli();
        return Gcra.wait(Gcra.next(tat == null ? 0 : Long.parseLong(tat), millis, take.bucket()), millis, take.bucket());
    }
}
