package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    @Override
    protected MailboxStore newStore() {
        return new RedisMailboxStore(fresh.open());
    }

    @Test
    void aDevicesMailboxKeysShareTheUsersSlot() {
        var keys = RedisMailboxStore.keys(new DeviceAddress("bob", 3));
        int slot = JedisClusterCRC16.getSlot("{bob}");
        assertThat(keys).allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(slot));
    }
}
