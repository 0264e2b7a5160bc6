package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import dev.hushcall.signaling.testing.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRingingCallsIT extends RingingCallsContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    @Override
    protected RingingCalls newStore() {
        return new RedisRingingCalls(fresh.open());
    }
}
