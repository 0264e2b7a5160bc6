package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

class RedisClusterCallStoreIT extends CallStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    private RingingCalls ringing;

    @Override
    protected CallStore newStore() {
        UnifiedJedis client = fresh.open();
        ringing = new RedisRingingCalls(new GroupCommit(client, 2));
        return new RedisCallStore(new GroupCommit(client, 2), RedisCallStoreIT.PROPERTIES);
    }

    @Override
    protected RingingCalls ringingCalls() {
        return ringing;
    }
}
