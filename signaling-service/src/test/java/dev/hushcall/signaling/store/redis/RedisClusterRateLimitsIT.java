package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RateLimitStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterRateLimitsIT extends RateLimitStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    @Override
    protected RateLimitStore newStore() {
        return new RedisRateLimitStore(new GroupCommit(fresh.open(), 2));
    }
}
