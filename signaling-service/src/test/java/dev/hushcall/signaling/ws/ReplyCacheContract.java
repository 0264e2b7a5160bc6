package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReplyCache} must do, whatever holds the data. An implementation's test extends this
 * class and supplies a fresh, empty cache on the real clock: a Redis cache expires keys on Redis's clock, so
 * expiries here are real instants a little ahead, and the one wait is under 100 ms.
 */
public abstract class ReplyCacheContract {

    private static final DeviceAddress ALICE_PHONE = new DeviceAddress("alice", 1);

    private ReplyCache cache;

    /** A cache holding nothing, whose "now" is the real time. */
    protected abstract ReplyCache newCache();

    @BeforeEach
    void freshCache() {
        cache = newCache();
    }

    @Test
    void frameIdIsNewOnceThenSeenUntilItExpires() {
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isFalse();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void forgottenFrameIdIsNewAgain() {
        cache.firstTime(ALICE_PHONE, "m-1", inAMinute());

        cache.forget(ALICE_PHONE, "m-1");

        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void forgettingAFrameIdNeverSeenDoesNothing() {
        cache.forget(ALICE_PHONE, "never-sent");

        assertThat(cache.firstTime(ALICE_PHONE, "never-sent", inAMinute())).isTrue();
    }

    @Test
    void frameIdsAreKeptApartPerDevice() {
        cache.firstTime(ALICE_PHONE, "m-1", inAMinute());

        assertThat(cache.firstTime(new DeviceAddress("alice", 2), "m-1", inAMinute())).isTrue();
        assertThat(cache.firstTime(new DeviceAddress("bob", 1), "m-1", inAMinute())).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-2", inAMinute())).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void frameIdIsNewAgainOnceTheExpiryItWasGivenHasPassed() throws InterruptedException {
        Instant expiresAt = Instant.now().plusMillis(50);
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", expiresAt)).isTrue();

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 20);

        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void frameIdWhoseExpiryIsAlreadyPastIsNotRemembered() {
        Instant past = Instant.now().minusSeconds(1);

        assertThat(cache.firstTime(ALICE_PHONE, "m-1", past)).isTrue();
        assertThat(cache.firstTime(ALICE_PHONE, "m-1", past)).isTrue();
    }

    @Test
    void ofTwentyConcurrentFirstSightingsOfOneFrameIdExactlyOneIsFirst() throws Exception {
        Instant expiresAt = inAMinute();

        List<Boolean> first = Concurrently.run(20, () -> cache.firstTime(ALICE_PHONE, "m-1", expiresAt));

        assertThat(first).containsOnlyOnce(true);
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }
}
