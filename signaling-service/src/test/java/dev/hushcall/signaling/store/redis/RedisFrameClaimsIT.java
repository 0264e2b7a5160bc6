package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.ws.FrameClaims;
import dev.hushcall.signaling.ws.FrameClaimsContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The contract on one Redis, plus a call read by a node that did not create it. */
class RedisFrameClaimsIT extends FrameClaimsContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private UnifiedJedis client;

    @Override
    protected Stores newStores() {
        client = fresh.open();
        RedisCallStore calls = new RedisCallStore(new GroupCommit(client, 2), RedisCallStoreIT.PROPERTIES);
        RedisReplyCache replies = new RedisReplyCache(new GroupCommit(client, 2));
        return new Stores(calls, new RedisFrameClaims(new GroupCommit(client, 2), calls, replies), replies);
    }

    @Test
    void callCreatedOnAnotherNodeIsFoundAndItsFrameIdClaimedOnce() {
        Stores creatingNode = newStores();
        Call call = ringingCall(creatingNode.calls(), "call-0001");
        RedisCallStore otherCalls = new RedisCallStore(new GroupCommit(client, 2), RedisCallStoreIT.PROPERTIES);
        FrameClaims otherNode = new RedisFrameClaims(new GroupCommit(client, 2), otherCalls, (RedisReplyCache) creatingNode.replies());
        DeviceAddress bobPhone = new DeviceAddress("bob", 1);

        Instant now = Instant.now();
        FrameClaims.Claim claim = otherNode.claim(bobPhone, "m-1", now.plusSeconds(60), now, "call-0001");
        FrameClaims.Claim resent = otherNode.claim(bobPhone, "m-1", now.plusSeconds(60), now, "call-0001");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).contains(call);
        assertThat(resent.first()).isFalse();
    }

    @Test
    void claimExpiresAtTheInstantItWasGiven() {
        Stores stores = newStores();
        ringingCall(stores.calls(), "call-0001");
        DeviceAddress bobPhone = new DeviceAddress("bob", 1);
        Instant expiresAt = Instant.now().plusSeconds(30);

        stores.claims().claim(bobPhone, "m-1", expiresAt, Instant.now(), "call-0001");

        assertThat(client.pexpireTime(RedisReplyCache.key(bobPhone, "m-1"))).isEqualTo(expiresAt.toEpochMilli());
    }
}
