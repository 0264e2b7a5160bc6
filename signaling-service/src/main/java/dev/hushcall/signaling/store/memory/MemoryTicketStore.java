package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.auth.TicketStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.scheduling.annotation.Scheduled;

/** Tickets of the embedded default; expired ones are swept every minute. */
public class MemoryTicketStore implements TicketStore {

    private final ConcurrentMap<String, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryTicketStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String ticketDigest, Grant grant) {
        grants.put(ticketDigest, grant);
    }

    @Override
    public Optional<Grant> take(String ticketDigest) {
        return Optional.ofNullable(grants.remove(ticketDigest));
    }

    @Scheduled(fixedDelayString = "PT1M")
    void sweep() {
        // Kept a minute past expiry so a late redeem is told "expired", not "unknown".
        var horizon = clock.instant().minusSeconds(60);
        grants.values().removeIf(grant -> grant.expiresAt().isBefore(horizon));
    }
}
