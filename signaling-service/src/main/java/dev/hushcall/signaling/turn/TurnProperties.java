package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.config.Secret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * TURN credentials in coturn's REST API scheme ({@code use-auth-secret}), which servers clients get, and the
 * probe that checks those servers accept the credentials. Defaults and their reasons are in application.yml.
 *
 * @param secrets   coturn's {@code static-auth-secret} values, newest first: the first signs, and coturn is
 *                  configured with all of them so credentials signed with an older one keep working while it
 *                  rotates out. Empty: a random secret per start, which no real coturn knows.
 * @param ttl       how long a credential can open new relays: coturn checks the expiry only on Allocate, so it
 *                  does not bound a relayed call (Refresh and CreatePermission succeed after it; coturn #774,
 *                  #1204; TurnCredentialsOnCoturnIT). A relay lives while its client refreshes it, each Refresh
 *                  capped by coturn's max-allocate-lifetime.
 * @param uris      the TURN servers handed to clients that name no region (or one not configured); empty: none,
 *                  so credentials carry no server and calls that need a relay fail (the Helm chart renders this
 *                  when it knows no TURN host, rather than the turn:localhost development default)
 * @param userIdKey key of the opaque per-user id in the username; empty: derived from the signing secret, so
 *                  the ids change when that secret rotates
 * @param regions   region name → the TURN servers handed to clients asking for that region; every region's
 *                  coturn must know the same secrets
 * @param probe     the periodic real Allocate against every configured server
 */
@Validated
@ConfigurationProperties("hushcall.turn")
record TurnProperties(
        @DefaultValue List<Secret> secrets,
        @DefaultValue("6h") @NotNull Duration ttl,
        @DefaultValue({"turn:localhost:3478?transport=udp", "turn:localhost:3478?transport=tcp",
                "turns:localhost:443?transport=tcp"}) List<URI> uris,
        Secret userIdKey,
        @DefaultValue Map<String, List<URI>> regions,
        @DefaultValue @Valid Probe probe) {

    /** Every client holds a (username, HMAC) pair, so a guessable secret can be recovered offline. */
    static final int MIN_SECRET_BYTES = 32;
    static final Duration MIN_TTL = Duration.ofMinutes(10);
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Set<String> SCHEMES = Set.of("turn", "turns");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /**
     * @param enabled  probe at all; it runs only when secrets are configured (a random per-start secret
     *                 cannot match any coturn), and it never affects readiness
     * @param interval pause between the end of one round and the start of the next
     * @param timeout  the most one server's round may take; requests still unanswered then are abandoned
     */
    record Probe(@DefaultValue("true") boolean enabled, @DefaultValue("30s") @NotNull Duration interval,
                 @DefaultValue("5s") @NotNull Duration timeout) {

        @AssertTrue(message = "hushcall.turn.probe.interval must be at least 1s and timeout between 100ms and 30s: "
                + "the probe must never load coturn, and a round must end")
        boolean isSane() {
            return interval == null || timeout == null
                    || (interval.compareTo(Duration.ofSeconds(1)) >= 0
                    && timeout.compareTo(Duration.ofMillis(100)) >= 0 && timeout.compareTo(Duration.ofSeconds(30)) <= 0);
        }
    }

    @ConstructorBinding
    TurnProperties {
        secrets = secrets == null ? List.of() : List.copyOf(secrets.stream().filter(s -> s != null).toList());
        uris = uris == null ? List.of() : List.copyOf(uris);
        regions = regions == null ? Map.of() : copy(regions);
        probe = probe == null ? new Probe(true, Duration.ofSeconds(30), Duration.ofSeconds(5)) : probe;
    }

    /** The pre-region constructor: no regions, the default probe. */
    TurnProperties(List<Secret> secrets, Duration ttl, List<URI> uris, Secret userIdKey) {
        this(secrets, ttl, uris, userIdKey, Map.of(), null);
    }

    private static Map<String, List<URI>> copy(Map<String, List<URI>> regions) {
        Map<String, List<URI>> copy = new TreeMap<>();
        regions.forEach((name, list) -> copy.put(name, list == null ? List.of() : List.copyOf(list)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The secret that signs new credentials, if one is configured. */
    Secret signingSecret() {
        return secrets.isEmpty() ? null : secrets.get(0);
    }

    /** The URIs for {@code region}; the default {@link #uris()} for none or one not configured. */
    List<URI> urisFor(String region) {
        return region == null ? uris : regions.getOrDefault(region, uris);
    }

    /** Every URI of every region and the default, each once, in a stable order. */
    List<URI> allUris() {
        return Stream.concat(uris.stream(), regions.values().stream().flatMap(List::stream)).distinct().toList();
    }

    @AssertTrue(message = "hushcall.turn.ttl must be between 10 minutes and 1 day: shorter fails the new Allocate of "
            + "an ICE restart late in a call, longer lets a leaked credential open relays for days")
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
        return allUris().stream().allMatch(u -> u.getScheme() != null && SCHEMES.contains(u.getScheme()));
    }

    @AssertTrue(message = "hushcall.turn.regions: each name is lower-case letters, digits and '-' (up to 32), "
            + "and each region lists at least one turn: or turns: URI")
    boolean isEveryRegionNamedAndNonEmpty() {
        return regions.entrySet().stream().allMatch(e -> REGION.matcher(e.getKey()).matches() && !e.getValue().isEmpty());
    }
}
