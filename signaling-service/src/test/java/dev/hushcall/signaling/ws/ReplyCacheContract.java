package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.Concurrently;
import dev.hushcall.signaling.testing.Settled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void closeCache() throws Exception {
        if (cache instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Claims the id now, as a handler does; true if it is the caller's. */
    private boolean isNew(DeviceAddress device, String frameId, Instant expiresAt) {
        return cache.claim(device, frameId, expiresAt, Instant.now()) == ReplyCache.Claimed.NEW;
    }

    /** Claims until the answer is not pending: a done mark may land moments after {@link ReplyCache#done}. */
    private ReplyCache.Claimed settled(DeviceAddress device, String frameId) throws InterruptedException {
        return Settled.answer(() -> cache.claim(device, frameId, inAMinute(), Instant.now()),
                found -> found instanceof ReplyCache.Claimed.Pending);
    }

    @Test
    void aClaimedFrameIdIsPendingForOthersUntilItsLeaseEnds() {
        Instant claimedAt = Instant.now();
        assertThat(cache.claim(ALICE_PHONE, "m-1", inAMinute(), claimedAt)).isEqualTo(ReplyCache.Claimed.NEW);

        assertThat(cache.claim(ALICE_PHONE, "m-1", inAMinute(), claimedAt.plusMillis(500)))
                .isEqualTo(new ReplyCache.Claimed.Pending(ReplyCache.LEASE.toMillis() - 500));
        assertThat(cache.claim(ALICE_PHONE, "m-1", inAMinute(), claimedAt.plus(ReplyCache.LEASE)))
                .as("its handler is taken for dead: the frame is handled again").isEqualTo(ReplyCache.Claimed.NEW);
        assertThat(cache.claim(ALICE_PHONE, "m-1", inAMinute(), claimedAt.plus(ReplyCache.LEASE).plusMillis(1)))
                .as("the new claim has a lease of its own").isInstanceOf(ReplyCache.Claimed.Pending.class);
    }

    @Test
    void aFrameIdMarkedDoneIsDoneForEveryLaterClaimHoweverLate() throws InterruptedException {
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        cache.done(ALICE_PHONE, "m-1");

        assertThat(settled(ALICE_PHONE, "m-1")).isEqualTo(ReplyCache.Claimed.DONE);
        assertThat(cache.claim(ALICE_PHONE, "m-1", inAMinute(), Instant.now().plus(ReplyCache.LEASE).plusSeconds(1)))
                .isEqualTo(ReplyCache.Claimed.DONE);
    }

    @Test
    void aDoneMarkForAnIdNobodyHoldsClaimsNothing() throws InterruptedException {
        cache.done(ALICE_PHONE, "m-1");
        assertThat(isNew(ALICE_PHONE, "m-2", inAMinute())).isTrue();
        cache.done(ALICE_PHONE, "m-2");
        assertThat(settled(ALICE_PHONE, "m-2")).as("marks before it are written").isEqualTo(ReplyCache.Claimed.DONE);

        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isTrue();
    }

    @Test
    void frameIdIsNewOnceThenSeenUntilItExpires() {
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isFalse();
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void forgottenFrameIdIsNewAgain() {
        isNew(ALICE_PHONE, "m-1", inAMinute());

        cache.forget(ALICE_PHONE, "m-1");

        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void forgettingAFrameIdNeverSeenDoesNothing() {
        cache.forget(ALICE_PHONE, "never-sent");

        assertThat(isNew(ALICE_PHONE, "never-sent", inAMinute())).isTrue();
    }

    @Test
    void frameIdsAreKeptApartPerDevice() {
        isNew(ALICE_PHONE, "m-1", inAMinute());

        assertThat(isNew(new DeviceAddress("alice", 2), "m-1", inAMinute())).isTrue();
        assertThat(isNew(new DeviceAddress("bob", 1), "m-1", inAMinute())).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-2", inAMinute())).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void frameIdIsNewAgainOnceTheExpiryItWasGivenHasPassed() throws InterruptedException {
        Instant expiresAt = Instant.now().plusMillis(50);
        assertThat(isNew(ALICE_PHONE, "m-1", expiresAt)).isTrue();

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 20);

        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-1", inAMinute())).isFalse();
    }

    @Test
    void frameIdWhoseExpiryIsAlreadyPastIsNotRemembered() {
        Instant past = Instant.now().minusSeconds(1);

        assertThat(isNew(ALICE_PHONE, "m-1", past)).isTrue();
        assertThat(isNew(ALICE_PHONE, "m-1", past)).isTrue();
    }

    @Test
    void ofTwentyConcurrentFirstSightingsOfOneFrameIdExactlyOneIsFirst() throws Exception {
        Instant expiresAt = inAMinute();

        List<Boolean> first = Concurrently.run(20, () -> isNew(ALICE_PHONE, "m-1", expiresAt));

        assertThat(first).containsOnlyOnce(true);
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }
}
