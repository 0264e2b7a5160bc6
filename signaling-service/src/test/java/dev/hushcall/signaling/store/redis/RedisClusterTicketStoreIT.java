package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.auth.TicketStore;
import dev.hushcall.signaling.auth.TicketStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a three-master cluster. */
class RedisClusterTicketStoreIT extends TicketStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient client = FreshClient.of(cluster);

    @Override
    protected TicketStore newStore() {
        return new RedisTicketStore(new GroupCommit(client.open(), 2));
    }
}
