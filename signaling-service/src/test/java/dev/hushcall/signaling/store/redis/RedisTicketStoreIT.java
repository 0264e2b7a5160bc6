package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.auth.TicketStore;
import dev.hushcall.signaling.auth.TicketStore.Grant;
import dev.hushcall.signaling.auth.TicketStoreContract;
import dev.hushcall.signaling.testing.RedisServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The contract on one Redis, plus the ticket's key and its lifetime. */
class RedisTicketStoreIT extends TicketStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private UnifiedJedis client;
    private RedisTicketStore store;

    @Override
    protected TicketStore newStore() {
        client = fresh.open();
        store = new RedisTicketStore(new GroupCommit(client, 2));
        return store;
    }

    @Test
    void ticketKeyIsTheDigestUnderItsOwnTag() {
        assertThat(RedisTicketStore.key("q7-Zx_0")).isEqualTo("ticket:{q7-Zx_0}");
    }

    @Test
    void ticketIsForgottenAMinuteAfterItExpires() {
        Instant expiresAt = Instant.now().plusSeconds(30);

        store.put("digest-1", new Grant("alice", 1, 1, expiresAt));

        assertThat(client.pexpireTime(RedisTicketStore.key("digest-1"))).isEqualTo(expiresAt.toEpochMilli() + 60_000);
    }

    @Test
    void ticketThatExpiredOverAMinuteAgoIsNotKept() {
        store.put("digest-1", new Grant("alice", 1, 1, Instant.now().minusSeconds(61)));

        assertThat(client.exists(RedisTicketStore.key("digest-1"))).isFalse();
        assertThat(store.take("digest-1")).isEmpty();
    }
}
