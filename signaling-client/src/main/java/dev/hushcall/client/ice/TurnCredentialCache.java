package dev.hushcall.client.ice;

import dev.hushcall.client.api.TurnCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * TURN credentials for one device, fetched again when fewer than {@code margin} of their lifetime remains, so an
 * ICE restart late in a long call allocates with credentials coturn still accepts (it checks the expiry on every
 * request, refreshes included). The expiry is the one in the username ({@code <unix expiry>:<id>}).
 */
public final class TurnCredentialCache {

    private final Supplier<TurnCredentials> fetch;
    private final Clock clock;
    private final Duration margin;
    private TurnCredentials current;
    private Instant expiry;

    /**
     * @param fetch  usually {@code client::turnCredentials} (blocking HTTP)
     * @param margin refetch when less than this remains; a call's relay needs the credentials until it ends
     */
    public TurnCredentialCache(Supplier<TurnCredentials> fetch, Clock clock, Duration margin) {
        this.fetch = fetch;
        this.clock = clock;
        this.margin = margin;
    }

    /** Credentials with at least {@code margin} left, fetched now if the cached ones have less. */
    public synchronized TurnCredentials get() {
        Instant now = clock.instant();
        if (current == null || !now.plus(margin).isBefore(expiry)) {
            current = fetch.get();
            expiry = expiryOf(current, now);
        }
        return current;
    }

    static Instant expiryOf(TurnCredentials credentials, Instant fetchedAt) {
        String username = credentials.username();
        int colon = username.indexOf(':');
        try {
            return Instant.ofEpochSecond(Long.parseLong(colon < 0 ? username : username.substring(0, colon)));
        } catch (NumberFormatException notTheRestScheme) {
            return fetchedAt.plusSeconds(credentials.ttl());
        }
    }
}
