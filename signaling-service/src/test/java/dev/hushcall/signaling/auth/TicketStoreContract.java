package dev.hushcall.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.auth.TicketStore.Grant;
import dev.hushcall.signaling.testing.Concurrently;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TicketStore} must do, whatever holds the data. An implementation's test extends this
 * class and supplies a fresh, empty store. Deadlines are real time (a Redis store expires keys on Redis's
 * clock) in whole milliseconds (what Redis keeps).
 */
public abstract class TicketStoreContract {

    private TicketStore store;
    private Instant now;

    /** A store holding nothing. */
    protected abstract TicketStore newStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void ticketIsTakenOnceThenItIsGone() {
        Grant grant = grant("alice", 2, 60);
        store.put("digest-1", grant);

        assertThat(store.take("digest-1")).contains(grant);
        assertThat(store.take("digest-1")).isEmpty();
    }

    @Test
    void unknownTicketTakesNothing() {
        assertThat(store.take("never-issued")).isEmpty();
    }

    @Test
    void ticketsAreKeptApartByDigest() {
        store.put("digest-a", grant("alice", 1, 60));
        store.put("digest-b", grant("bob", 3, 60));

        assertThat(store.take("digest-b")).contains(grant("bob", 3, 60));
        assertThat(store.take("digest-a")).contains(grant("alice", 1, 60));
    }

    @Test
    void grantComesBackExactlyAsPutWhateverTheUserIdHoldsAndHowLongTheDeviceIdIs() {
        Grant grant = grant("carol.x+y@example.org|with|bars", Integer.MAX_VALUE, 60);
        store.put("digest-1", grant);

        assertThat(store.take("digest-1")).contains(grant);
    }

    @Test
    void grantKeepsTheRegistrationGenerationItWasIssuedUnder() {
        Grant grant = new Grant("alice", 1, Long.MAX_VALUE, now.plusSeconds(60));
        store.put("digest-1", grant);
        store.put("digest-2", new Grant("alice", 1, 0, now.plusSeconds(60)));

        assertThat(store.take("digest-1")).get().extracting(Grant::generation).isEqualTo(Long.MAX_VALUE);
        assertThat(store.take("digest-2")).get().extracting(Grant::generation).isEqualTo(0L);
    }

    @Test
    void recentlyExpiredTicketIsStillReturnedSoItsHolderIsToldItExpired() {
        Grant expired = grant("alice", 1, -5);
        store.put("digest-1", expired);

        assertThat(store.take("digest-1")).contains(expired);
    }

    @Test
    void ofTwentyConcurrentTakesOfOneTicketExactlyOneWins() throws Exception {
        store.put("digest-1", grant("alice", 1, 60));

        List<Optional<Grant>> taken = Concurrently.run(20, () -> store.take("digest-1"));

        assertThat(taken.stream().filter(Optional::isPresent)).hasSize(1);
    }

    /** A grant whose deadline is {@code seconds} from now (negative: in the past). */
    private Grant grant(String user, int deviceId, int seconds) {
        return new Grant(user, deviceId, 7_000_000_000L + deviceId, now.plusSeconds(seconds));
    }
}
