package dev.hushcall.client.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.api.TurnCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TurnCredentialCacheTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void credentialsAreReusedUntilLessThanTheMarginRemainsThenFetchedAgain() {
        ManualClock clock = new ManualClock();
        AtomicInteger fetches = new AtomicInteger();
        TurnCredentialCache cache = new TurnCredentialCache(() -> {
            fetches.incrementAndGet();
            long expiry = clock.now.plus(Duration.ofHours(6)).getEpochSecond();
            return new TurnCredentials(expiry + ":id", "pw" + fetches.get(), 21600, List.of());
        }, clock, Duration.ofMinutes(30));

        TurnCredentials first = cache.get();
        clock.now = START.plus(Duration.ofHours(5));
        assertThat(cache.get()).isSameAs(first);
        clock.now = START.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(31));
        TurnCredentials second = cache.get();

        assertThat(second).isNotSameAs(first);
        assertThat(second.password()).isEqualTo("pw2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void theExpiryComesFromTheUsernameAndFallsBackToTheTtl() {
        assertThat(TurnCredentialCache.expiryOf(new TurnCredentials("1767225600:abc", "p", 60, List.of()), START))
                .isEqualTo(Instant.ofEpochSecond(1767225600L));
        assertThat(TurnCredentialCache.expiryOf(new TurnCredentials("static-user", "p", 60, List.of()), START))
                .isEqualTo(START.plusSeconds(60));
    }
}
