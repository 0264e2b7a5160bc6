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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
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
    void theScriptThatQueuesAFramePublishesItToTheDevicesNodeWhenThatIsAnotherNode() throws Exception {
        MailboxStore store = newStore();
        DeviceAddress bob = new DeviceAddress("bob", 1);
        new RedisPresence(commit).online(bob, "node-b");
        BlockingQueue<String> heardOnNodeB = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub nodeB = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                heardOnNodeB.add(message);
            }
        };
        Thread listener = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.subscribe(nodeB, RedisBus.channel("node-b"));
            }
        });
        listener.start();
        try {
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            Instant expires = Instant.now().plusSeconds(30);

            var fromA = store.appendAndSend(bob, new Envelope("m1", "call-1", "{\"t\":1}", expires),
                    MailboxStore.Capacity.UNBOUNDED, "node-a");
            var fromB = store.appendAndSend(bob, new Envelope("m2", "call-1", "{\"t\":2}", expires),
                    MailboxStore.Capacity.UNBOUNDED, "node-b");

            assertThat(fromA.published()).isEqualTo(MailboxStore.Published.HEARD);
            assertThat(heardOnNodeB.poll(10, TimeUnit.SECONDS)).isEqualTo("bob\n1\nm1\n{\"t\":1}");
            assertThat(fromB.published()).as("bob is on the appending node").isEqualTo(MailboxStore.Published.NOT_TRIED);
            assertThat(fromB.node()).contains("node-b");
            assertThat(heardOnNodeB.poll(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(store.pending(bob, Instant.now())).extracting(Envelope::id).containsExactly("m1", "m2");
        } finally {
            nodeB.unsubscribe();
            listener.join(5000);
        }
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
