package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterRingingCallsIT extends RingingCallsContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    @Override
    protected RingingCalls newStore() {
        return new RedisRingingCalls(fresh.open());
    }
}
