package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.config.Secret;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * TURN credentials in coturn's REST API scheme ({@code use-auth-secret}). Defaults and their reasons are in
 * application.yml.
 *
 * @param secrets   coturn's {@code static-auth-secret} values, newest first: the first signs, and coturn is
 *                  configured with all of them so credentials signed with an older one keep working while it
 *                  rotates out. Empty: a random secret per start, which no real coturn knows.
 * @param ttl       how long a credential is valid; coturn checks it on every authenticated request, allocation
 *                  refreshes included, so it bounds the length of a relayed call
 * @param uris      the TURN servers handed to clients
 * @param userIdKey key of the opaque per-user id in the username; empty: derived from the signing secret, so
 *                  the ids change when that secret rotates
 */
@Validated
@ConfigurationProperties("hushcall.turn")
record TurnProperties(
        @DefaultValue List<Secret> secrets,
        @DefaultValue("6h") @NotNull Duration ttl,
        @DefaultValue({"turn:localhost:3478?transport=udp", "turn:localhost:3478?transport=tcp",
                "turns:localhost:443?transport=tcp"}) @NotEmpty List<URI> uris,
        Secret userIdKey) {

    /** Every client holds a (username, HMAC) pair, so a guessable secret can be recovered offline. */
    static final int MIN_SECRET_BYTES = 32;
    static final Duration MIN_TTL = Duration.ofMinutes(10);
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Set<String> SCHEMES = Set.of("turn", "turns");

    TurnProperties {
        secrets = secrets == null ? List.of() : List.copyOf(secrets.stream().filter(s -> s != null).toList());
        uris = uris == null ? List.of() : List.copyOf(uris);
    }

    /** The secret that signs new credentials, if one is configured. */
    Secret signingSecret() {
        return secrets.isEmpty() ? null : secrets.get(0);
    }

    @AssertTrue(message = "hushcall.turn.ttl must be between 10 minutes and 1 day: shorter cuts relayed calls at "
            + "their first allocation refresh, longer keeps a leaked credential useful for days")
    boolean isTtlSane() {
        return ttl == null || (ttl.compareTo(MIN_TTL) >= 0 && ttl.compareTo(MAX_TTL) <= 0);
    }

    @AssertTrue(message = "each of hushcall.turn.secrets must be at least 32 bytes (openssl rand -base64 32)")
    boolean isEverySecretLongEnough() {
        return secrets.stream().allMatch(s -> s.bytes().length >= MIN_SECRET_BYTES);
    }

    @AssertTrue(message = "hushcall.turn.user-id-key must be at least 32 bytes when set")
    boolean isUserIdKeyLongEnough() {
        return userIdKey == null || userIdKey.bytes().length >= MIN_SECRET_BYTES;
    }

    @AssertTrue(message = "hushcall.turn.uris must be turn: or turns: URIs such as turn:turn.example.com:3478?transport=udp")
    boolean isEveryUriTurn() {
        return uris.stream().allMatch(u -> u.getScheme() != null && SCHEMES.contains(u.getScheme()));
    }
}
