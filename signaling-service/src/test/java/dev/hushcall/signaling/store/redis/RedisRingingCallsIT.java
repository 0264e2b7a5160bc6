package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.testing.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

class RedisRingingCallsIT extends RedisRingingCallsOnAClient {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    @Override
    UnifiedJedis freshClient() {
        return fresh.open();
    }
}
