package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.metrics.TurnMetrics;
import org.springframework.stereotype.Component;

/**
 * TURN credentials handed to a user, by {@code GET /v1/turn/credentials} or a socket's {@code turn.request}; counted,
 * unlike the ones the health probe mints for itself.
 */
@Component
public class UserTurnCredentials {

    private final TurnCredentialIssuer issuer;
    private final TurnMetrics metrics;

    UserTurnCredentials(TurnCredentialIssuer issuer, TurnMetrics metrics) {
        this.issuer = issuer;
        this.metrics = metrics;
    }

    /** Credentials with the URIs of {@code region} (the default ones for null or a region not configured). */
    public TurnCredentials issue(String user, String region) {
        TurnCredentials credentials = issuer.issue(user, region);
        metrics.credentialsIssued();
        return credentials;
    }
}
