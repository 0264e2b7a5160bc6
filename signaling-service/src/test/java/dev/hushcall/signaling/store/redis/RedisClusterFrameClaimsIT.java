package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.testing.RedisCluster;
import dev.hushcall.signaling.ws.FrameClaimsContract;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The contract on a three-master cluster, where the claim and the call read go to different slots. */
class RedisClusterFrameClaimsIT extends FrameClaimsContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient client = FreshClient.of(cluster);

    @Override
    protected Stores newStores() {
        UnifiedJedis redis = client.open();
        RedisCallStore calls = new RedisCallStore(new GroupCommit(redis, 2), RedisCallStoreIT.PROPERTIES);
        RedisReplyCache replies = new RedisReplyCache(new GroupCommit(redis, 2));
        return new Stores(calls, new RedisFrameClaims(new GroupCommit(redis, 2), calls, replies), replies);
    }
}
