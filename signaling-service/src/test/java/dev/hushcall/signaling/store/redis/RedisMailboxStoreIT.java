package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private JedisPooled client;

    @Override
    protected MailboxStore newStore() {
        redis.flushAll();
        client = new JedisPooled("127.0.0.1", redis.port());
        return new RedisMailboxStore(client);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aDevicesMailboxKeysShareTheUsersSlot() {
        var keys = RedisMailboxStore.keys(new DeviceAddress("bob", 3));
        int slot = JedisClusterCRC16.getSlot("{bob}");
        assertThat(keys).allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(slot));
    }
}
