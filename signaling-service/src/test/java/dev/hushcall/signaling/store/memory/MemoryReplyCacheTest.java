package dev.hushcall.signaling.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.ws.ReplyCache;
import dev.hushcall.signaling.ws.ReplyCacheContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryReplyCacheTest extends ReplyCacheContract {

    private static final DeviceAddress ALICE_PHONE = new DeviceAddress("alice", 1);
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Override
    protected ReplyCache newCache() {
        return new MemoryReplyCache(Clock.systemUTC());
    }

    @Test
    void frameIdIsSeenUntilTheInstantItExpiresAndNewFromThen() {
        SteppingClock clock = new SteppingClock(NOW);
        MemoryReplyCache cache = new MemoryReplyCache(clock);
        cache.claim(ALICE_PHONE, "m-1", NOW.plusSeconds(30), NOW);
        cache.done(ALICE_PHONE, "m-1");

        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(cache.claim(ALICE_PHONE, "m-1", NOW.plusSeconds(90), clock.instant()))
                .isEqualTo(ReplyCache.Claimed.DONE);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.claim(ALICE_PHONE, "m-1", NOW.plusSeconds(90), clock.instant()))
                .isEqualTo(ReplyCache.Claimed.NEW);
    }

    @Test
    void sweepDropsOnlyExpiredFrameIds() {
        SteppingClock clock = new SteppingClock(NOW);
        MemoryReplyCache cache = new MemoryReplyCache(clock);
        cache.claim(ALICE_PHONE, "short", NOW.plusSeconds(10), NOW);
        cache.claim(ALICE_PHONE, "long", NOW.plusSeconds(60), NOW);
        cache.done(ALICE_PHONE, "long");

        clock.advance(Duration.ofSeconds(30));
        cache.sweep();
        // Back before "short" expired: only the sweep can have made it new.
        clock.advance(Duration.ofSeconds(-30));

        assertThat(cache.claim(ALICE_PHONE, "short", NOW.plusSeconds(60), clock.instant()))
                .isEqualTo(ReplyCache.Claimed.NEW);
        assertThat(cache.claim(ALICE_PHONE, "long", NOW.plusSeconds(60), clock.instant()))
                .isEqualTo(ReplyCache.Claimed.DONE);
    }
}
