package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.testing.RedisCluster;
import dev.hushcall.signaling.ws.ReplyCache;
import dev.hushcall.signaling.ws.ReplyCacheContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a three-master cluster. */
class RedisClusterReplyCacheIT extends ReplyCacheContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient client = FreshClient.of(cluster);

    @Override
    protected ReplyCache newCache() {
        return new RedisReplyCache(new GroupCommit(client.open(), 2));
    }
}
