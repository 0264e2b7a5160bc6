package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values were computed outside Java with openssl (commands beside each), so these tests check
 * the scheme coturn implements, not this code against itself.
 */
class TurnCredentialIssuerTest {

    static final String SECRET = "hushcall-test-turn-secret-0123456789abcdef";
    static final String OLD_SECRET = "hushcall-old-turn-secret-fedcba9876543210xx";
    static final String USER_ID_KEY = "hushcall-test-user-id-key-0123456789abcdef";
    static final long EXPIRY = 1767225600L;
    static final Duration TTL = Duration.ofHours(6);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(EXPIRY).minus(TTL), ZoneOffset.UTC);
    static final List<URI> URIS = List.of(URI.create("turn:turn.example.com:3478?transport=udp"));

    static TurnProperties properties(List<String> secrets, String userIdKey) {
        return new TurnProperties(secrets.stream().map(Secret::new).toList(), TTL, URIS,
                userIdKey == null ? null : new Secret(userIdKey));
    }

    @Test
    void opaqueUserIdIsTruncatedHmacSha256OfTheUserInBase64Url() {
        TurnCredentialIssuer issuer = new TurnCredentialIssuer(properties(List.of(SECRET), USER_ID_KEY), CLOCK);

        // printf %s alice | openssl dgst -sha256 -hmac hushcall-test-user-id-key-0123456789abcdef -binary
        //   | head -c 16 | base64 | tr '+/' '-_' | tr -d '='
        assertThat(issuer.opaqueUserId("alice")).isEqualTo("r_TeZixUJWLLZpr5EEZHTA");
        // the same with bob
        assertThat(issuer.opaqueUserId("bob")).isEqualTo("C_FgUOonLtbomkjzktbP1w");
    }

    @Test
    void passwordIsBase64OfHmacSha1OfTheUsernameUnderTheSecret() {
        TurnCredentials credentials = new TurnCredentialIssuer(properties(List.of(SECRET), USER_ID_KEY), CLOCK)
                .issue("alice");

        assertThat(credentials.username()).isEqualTo("1767225600:r_TeZixUJWLLZpr5EEZHTA");
        // printf %s 1767225600:r_TeZixUJWLLZpr5EEZHTA
        //   | openssl dgst -sha1 -hmac hushcall-test-turn-secret-0123456789abcdef -binary | base64
        assertThat(credentials.password()).isEqualTo("zAPe6iTS9cpbvAmE7OlyPFES23c=");
        assertThat(credentials.ttl()).isEqualTo(21600);
        assertThat(credentials.uris()).isEqualTo(URIS);
    }

    @Test
    void withoutAUserIdKeyTheIdKeyIsDerivedFromTheSigningSecret() {
        TurnCredentials credentials = new TurnCredentialIssuer(properties(List.of(SECRET), null), CLOCK)
                .issue("alice");

        // DK=$(printf %s "hushcall turn user id"
        //   | openssl dgst -sha256 -hmac hushcall-test-turn-secret-0123456789abcdef -binary | xxd -p -c 64)
        // printf %s alice | openssl dgst -sha256 -mac HMAC -macopt hexkey:$DK -binary
        //   | head -c 16 | base64 | tr '+/' '-_' | tr -d '='
        assertThat(credentials.username()).isEqualTo("1767225600:MpLkM2qYftS8LzzUBf_P7A");
        // printf %s 1767225600:MpLkM2qYftS8LzzUBf_P7A
        //   | openssl dgst -sha1 -hmac hushcall-test-turn-secret-0123456789abcdef -binary | base64
        assertThat(credentials.password()).isEqualTo("jTL3neHiD+mZwYuzJeMVMsy2+5U=");
    }

    @Test
    void expiryIsTheClocksNowPlusTheTtl() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        TurnProperties properties = new TurnProperties(List.of(new Secret(SECRET)), Duration.ofMinutes(90), URIS,
                new Secret(USER_ID_KEY));

        TurnCredentials credentials = new TurnCredentialIssuer(properties, Clock.fixed(now, ZoneOffset.UTC))
                .issue("alice");

        long expiry = Long.parseLong(credentials.username().substring(0, credentials.username().indexOf(':')));
        assertThat(expiry).isEqualTo(now.plus(Duration.ofMinutes(90)).getEpochSecond());
        assertThat(credentials.ttl()).isEqualTo(5400);
    }

    @Test
    void theNewestSecretSignsWhileOlderOnesAreStillConfigured() {
        TurnCredentials rotated = new TurnCredentialIssuer(
                properties(List.of(SECRET, OLD_SECRET), USER_ID_KEY), CLOCK).issue("alice");
        TurnCredentials beforeRotation = new TurnCredentialIssuer(
                properties(List.of(OLD_SECRET), USER_ID_KEY), CLOCK).issue("alice");

        assertThat(rotated.password()).isEqualTo("zAPe6iTS9cpbvAmE7OlyPFES23c=");
        // printf %s 1767225600:r_TeZixUJWLLZpr5EEZHTA
        //   | openssl dgst -sha1 -hmac hushcall-old-turn-secret-fedcba9876543210xx -binary | base64
        assertThat(beforeRotation.password()).isEqualTo("t3LVx6jmKep5lLDt3pwfFRzMz4A=");
    }

    @Test
    void opaqueIdIsStablePerUserDiffersBetweenUsersAndNeverHoldsTheUserIdOrAColon() {
        TurnCredentialIssuer issuer = new TurnCredentialIssuer(properties(List.of(SECRET), null), CLOCK);
        TurnCredentialIssuer sameConfig = new TurnCredentialIssuer(properties(List.of(SECRET), null), CLOCK);

        for (String user : List.of("alice", "bob", "a", "carol@example.com", "+4915112345678", "user.with-dots_1")) {
            String id = issuer.opaqueUserId(user);
            assertThat(id).isEqualTo(issuer.opaqueUserId(user)).isEqualTo(sameConfig.opaqueUserId(user));
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotContain(user);
        }
        assertThat(issuer.opaqueUserId("alice")).isNotEqualTo(issuer.opaqueUserId("bob"));
    }

    @Test
    void withoutConfiguredSecretsEachStartSignsWithItsOwnRandomSecret() {
        TurnProperties none = properties(List.of(), null);

        TurnCredentials first = new TurnCredentialIssuer(none, CLOCK).issue("alice");
        TurnCredentials second = new TurnCredentialIssuer(none, CLOCK).issue("alice");

        assertThat(first.password()).isNotEqualTo(second.password());
        assertThat(first.username()).startsWith("1767225600:");
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        TurnCredentials credentials = new TurnCredentialIssuer(properties(List.of(SECRET), USER_ID_KEY), CLOCK)
                .issue("alice");

        assertThat(credentials.toString()).doesNotContain(credentials.password()).contains("password=****");
        assertThat(properties(List.of(SECRET), USER_ID_KEY).toString()).doesNotContain(SECRET, USER_ID_KEY);
    }
}
