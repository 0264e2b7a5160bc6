package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimitStore} must do; each implementation's test extends this. */
public abstract class RateLimitStoreContract {

    /** Near the real time: the Redis store gives keys real TTLs computed from it. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Bucket THREE_PER_SECOND = new Bucket(3, Duration.ofMillis(333));
    private static final RateLimitStore.Take DEVICE_1 =
            new RateLimitStore.Take(Limit.OFFERS_PER_DEVICE, "1", THREE_PER_SECOND);
    private static final RateLimitStore.Take PAIR_BOB =
            new RateLimitStore.Take(Limit.OFFERS_PER_PAIR, "bob", new Bucket(5, Duration.ofSeconds(10)));

    private RateLimitStore store;

    protected abstract RateLimitStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    @Test
    void aFullBucketGivesItsBurstAtOnceThenRefusesWithTheWaitForOneToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(store.take("alice", List.of(DEVICE_1), NOW).taken()).as("take " + i).isTrue();
        }
        RateLimitStore.Verdict refused = store.take("alice", List.of(DEVICE_1), NOW);
        assertThat(refused.taken()).isFalse();
        assertThat(refused.refusedIndex()).isZero();
        assertThat(refused.waitMillis()).isEqualTo(333);
    }

    @Test
    void aTokenComesBackAfterOneRefillInterval() {
        for (int i = 0; i < 3; i++) {
            store.take("alice", List.of(DEVICE_1), NOW);
        }
        assertThat(store.take("alice", List.of(DEVICE_1), NOW.plusMillis(332)).taken()).isFalse();
        assertThat(store.take("alice", List.of(DEVICE_1), NOW.plusMillis(333)).taken()).isTrue();
        assertThat(store.take("alice", List.of(DEVICE_1), NOW.plusMillis(334)).taken()).isFalse();
    }

    @Test
    void aCheckOfSeveralBucketsTakesFromNoneWhenOneRefuses() {
        for (int i = 0; i < 5; i++) {
            assertThat(store.take("alice", List.of(PAIR_BOB), NOW).taken()).isTrue();
        }
        RateLimitStore.Verdict refused = store.take("alice", List.of(DEVICE_1, PAIR_BOB), NOW);
        assertThat(refused.taken()).isFalse();
        assertThat(refused.refusedIndex()).as("the pair refused, not the device").isEqualTo(1);
        assertThat(refused.waitMillis()).isEqualTo(10_000);
        for (int i = 0; i < 3; i++) {
            assertThat(store.take("alice", List.of(DEVICE_1), NOW).taken()).as("device bucket untouched").isTrue();
        }
    }

    @Test
    void ownersAndSubjectsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            store.take("alice", List.of(DEVICE_1), NOW);
        }
        assertThat(store.take("alice", List.of(DEVICE_1), NOW).taken()).isFalse();
        assertThat(store.take("carol", List.of(DEVICE_1), NOW).taken()).isTrue();
        var device2 = new RateLimitStore.Take(Limit.OFFERS_PER_DEVICE, "2", THREE_PER_SECOND);
        assertThat(store.take("alice", List.of(device2), NOW).taken()).isTrue();
    }

    @Test
    void waitTellsWhenATakeWouldSucceedWithoutTakingAnything() {
        assertThat(store.wait("alice", DEVICE_1, NOW)).isZero();
        for (int i = 0; i < 3; i++) {
            store.take("alice", List.of(DEVICE_1), NOW);
        }
        assertThat(store.wait("alice", DEVICE_1, NOW)).isEqualTo(333);
        assertThat(store.wait("alice", DEVICE_1, NOW.plusMillis(333))).isZero();
        assertThat(store.take("alice", List.of(DEVICE_1), NOW.plusMillis(333)).taken()).isTrue();
    }
}
