package dev.hushcall.signaling.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.auth.TicketStore;
import dev.hushcall.signaling.auth.TicketStore.Grant;
import dev.hushcall.signaling.auth.TicketStoreContract;
import dev.hushcall.signaling.testing.SteppingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryTicketStoreTest extends TicketStoreContract {

    @Override
    protected TicketStore newStore() {
        return new MemoryTicketStore(Clock.systemUTC());
    }

    @Test
    void sweepKeepsATicketAMinutePastItsExpiryAndDropsItAfter() {
        Instant issued = Instant.parse("2026-11-25T10:00:00Z");
        SteppingClock clock = new SteppingClock(issued);
        MemoryTicketStore store = new MemoryTicketStore(clock);
        store.put("early", new Grant("alice", 1, 1, issued.plusSeconds(30)));
        store.put("late", new Grant("bob", 1, 1, issued.plusSeconds(60)));

        clock.advance(Duration.ofSeconds(120));
        store.sweep();

        assertThat(store.take("early")).isEmpty();
        assertThat(store.take("late")).isPresent();
    }
}
