package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.ws.ReplyCache;
import dev.hushcall.signaling.ws.ReplyCacheContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The contract on one Redis, plus the key's tag and its expiry. */
class RedisReplyCacheIT extends ReplyCacheContract {

    private static final DeviceAddress ALICE_PHONE = new DeviceAddress("alice", 1);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private UnifiedJedis client;
    private RedisReplyCache cache;

    @Override
    protected ReplyCache newCache() {
        client = fresh.open();
        cache = new RedisReplyCache(new GroupCommit(client, 2));
        return cache;
    }

    @Test
    void frameIdKeyCarriesTheUsersHashTagWhateverTheFrameIdHolds() {
        int slot = JedisClusterCRC16.getSlot("{alice}");

        assertThat(RedisReplyCache.key(ALICE_PHONE, "m-1")).isEqualTo("reply:{alice}:1:m-1");
        assertThat(JedisClusterCRC16.getSlot(RedisReplyCache.key(ALICE_PHONE, "{m}-1"))).isEqualTo(slot);
        assertThat(JedisClusterCRC16.getSlot(RedisReplyCache.key(new DeviceAddress("alice", 7), "x")))
                .isEqualTo(JedisClusterCRC16.getSlot(RedisKeyStore.keys("alice").get(0)));
    }

    @Test
    void frameIdExpiresAtTheInstantItWasGiven() {
        Instant expiresAt = Instant.now().plusSeconds(30);

        cache.claim(ALICE_PHONE, "m-1", expiresAt, Instant.now());

        assertThat(client.pexpireTime(RedisReplyCache.key(ALICE_PHONE, "m-1"))).isEqualTo(expiresAt.toEpochMilli());
    }
}
