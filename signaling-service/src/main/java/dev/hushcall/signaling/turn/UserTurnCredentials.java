package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.metrics.TurnMetrics;
import dev.hushcall.signaling.ratelimit.Limit;
import dev.hushcall.signaling.ratelimit.RateLimits;
import org.springframework.stereotype.Component;

/**
 * TURN credentials handed to a user, by {@code GET /v1/turn/credentials} or a socket's {@code turn.request}; counted,
 * unlike the ones the health probe mints for itself.
 */
@Component
public class UserTurnCredentials {

    private final TurnCredentialIssuer issuer;
    private final TurnMetrics metrics;
    private final RateLimits limits;

    UserTurnCredentials(TurnCredentialIssuer issuer, TurnMetrics metrics, RateLimits limits) {
        this.issuer = issuer;
        this.metrics = metrics;
        this.limits = limits;
    }

    /**
     * Credentials with the URIs of {@code region} (the default ones for null or a region not configured), within the
     * user's {@link Limit#TURN_CREDENTIALS_PER_USER}.
     */
    public TurnCredentials issue(String user, String region) {
        limits.take(user, RateLimits.Check.of(Limit.TURN_CREDENTIALS_PER_USER));
        TurnCredentials credentials = issuer.issue(user, region);
        metrics.credentialsIssued();
        return credentials;
    }
}
