package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    @Override
    protected MailboxStore newStore() {
        return new RedisMailboxStore(new GroupCommit(fresh.open(), 2));
    }
}
