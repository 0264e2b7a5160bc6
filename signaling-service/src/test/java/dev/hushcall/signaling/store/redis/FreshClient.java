package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.testing.RedisCluster;
import dev.hushcall.signaling.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * A client on an emptied Redis (or cluster) for each test, closed after it: register it next to the
 * {@link RedisServer} or {@link RedisCluster} extension it talks to.
 */
final class FreshClient implements AfterEachCallback {

    private final Runnable flush;
    private final Supplier<UnifiedJedis> connect;
    private final List<UnifiedJedis> open = new ArrayList<>();

    private FreshClient(Runnable flush, Supplier<UnifiedJedis> connect) {
        this.flush = flush;
        this.connect = connect;
    }

    static FreshClient of(RedisServer redis) {
        return new FreshClient(redis::flushAll, () -> new JedisPooled("127.0.0.1", redis.port()));
    }

    static FreshClient of(RedisCluster cluster) {
        return new FreshClient(cluster::flushAll, () -> new JedisCluster(
                cluster.nodes().stream().map(HostAndPort::from).collect(Collectors.toSet())));
    }

    /** Empties every node, then connects: open every client a test needs before it writes. */
    UnifiedJedis open() {
        flush.run();
        UnifiedJedis client = connect.get();
        open.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(UnifiedJedis::close);
        open.clear();
    }
}
