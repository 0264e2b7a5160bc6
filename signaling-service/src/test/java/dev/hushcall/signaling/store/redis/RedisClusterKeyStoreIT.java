package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.keys.KeyStore;
import dev.hushcall.signaling.keys.KeyStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a three-master cluster: every script touches only keys of one slot. */
class RedisClusterKeyStoreIT extends KeyStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    final FreshClient client = FreshClient.of(cluster);

    @Override
    protected KeyStore newStore() {
        return new RedisKeyStore(new GroupCommit(client.open(), 2));
    }
}
