package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.PresenceDirectory;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

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

    @Test
    void aCallsFramesAreDroppedAfterRedisForgotTheScriptThatDropsThem() {
        UnifiedJedis client = fresh.open();
        MailboxStore store = new RedisMailboxStore(new GroupCommit(client, 2));
        DeviceAddress bob = new DeviceAddress("bob", 1);
        Instant now = Instant.now();
        store.append(bob, new Envelope("m1", "call-1", "{}", now.plusSeconds(30)));
        store.append(bob, new Envelope("m2", "call-2", "{}", now.plusSeconds(30)));
        store.removeCall(List.of(bob), "call-2");
        client.scriptFlush();

        store.removeCall(List.of(bob), "call-1");

        assertThat(store.pending(bob, now)).isEmpty();
    }

    @Test
    void aDevicesMailboxKeysShareTheUsersSlot() {
        var keys = RedisMailboxStore.keys(new DeviceAddress("bob", 3));
        int slot = JedisClusterCRC16.getSlot("{bob}");
        assertThat(keys).allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(slot));
    }
}
