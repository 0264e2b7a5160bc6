package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

class RedisClusterRingingCallsIT extends RedisRingingCallsOnAClient {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    @Override
    UnifiedJedis freshClient() {
        return fresh.open();
    }
}
