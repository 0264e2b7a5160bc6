package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RateLimitStoreContract;
import dev.hushcall.signaling.testing.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRateLimitStoreIT extends RateLimitStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    @Override
    protected RateLimitStore newStore() {
        return new RedisRateLimitStore(new GroupCommit(fresh.open(), 2));
    }
}
