package dev.hushcall.signaling.auth;

import dev.hushcall.signaling.config.Secret;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How callers prove who they are. Defaults and their reasons are in application.yml.
 *
 * @param jwkSetUri   JWKS URL of the OIDC issuer (production); when set, tokens are verified against it
 * @param issuer      expected {@code iss} claim; checked when set
 * @param hmacSecret  HS256 key for the embedded default when no JWKS URL is set; random per start if empty
 * @param ticketTtl   lifetime of a single-use WebSocket ticket
 * @param devTokenTtl lifetime of tokens minted by the dev-only endpoint
 * @param maxTokenLifetime the longest a token may live, from now and from its {@code iat}; {@code exp} is required
 * @param audience    expected {@code aud} claim (one of its values); checked when set
 */
@Validated
@ConfigurationProperties("hushcall.auth")
public record AuthProperties(URI jwkSetUri, String issuer, Secret hmacSecret, @NotNull Duration ticketTtl,
                             @NotNull Duration devTokenTtl, @NotNull Duration maxTokenLifetime, String audience) {

    @AssertTrue(message = "hushcall.auth.max-token-lifetime must be at least 1 minute")
    boolean isMaxTokenLifetimePositive() {
        return maxTokenLifetime == null || maxTokenLifetime.compareTo(Duration.ofMinutes(1)) >= 0;
    }

    @AssertTrue(message = "hushcall.auth.dev-token-ttl must not exceed hushcall.auth.max-token-lifetime")
    boolean isDevTokenTtlWithinTheMaximum() {
        return devTokenTtl == null || maxTokenLifetime == null || devTokenTtl.compareTo(maxTokenLifetime) <= 0;
    }

    @AssertTrue(message = "hushcall.auth.ticket-ttl must be between 1 second and 5 minutes")
    boolean isTicketTtlShort() {
        return ticketTtl == null || (ticketTtl.toSeconds() >= 1 && ticketTtl.compareTo(Duration.ofMinutes(5)) <= 0);
    }

    @AssertTrue(message = "hushcall.auth.hmac-secret must be at least 32 bytes (HS256)")
    boolean isHmacSecretLongEnough() {
        return hmacSecret == null || hmacSecret.bytes().length >= 32;
    }
}
