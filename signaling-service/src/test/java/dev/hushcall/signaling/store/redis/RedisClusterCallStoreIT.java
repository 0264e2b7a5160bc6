package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterCallStoreIT extends CallStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    @Override
    protected CallStore newStore() {
        return new RedisCallStore(fresh.open(), RedisCallStoreIT.PROPERTIES);
    }
}
