package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.presence.PresenceDirectory;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(cluster);

    private GroupCommit commit;

    @Override
    protected MailboxStore newStore() {
        commit = new GroupCommit(fresh.open(), 2);
        return new RedisMailboxStore(commit);
    }

    @Override
    protected PresenceDirectory presenceBeside() {
        return new RedisPresence(commit);
    }
}
