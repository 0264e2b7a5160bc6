package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import dev.hushcall.signaling.testing.Coturn;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The credentials the service mints, against a real coturn configured with two secrets (a rotation in
 * progress): both secrets allocate, anything else and anything expired gets 401; and what expiry does not stop.
 */
class TurnCredentialsOnCoturnIT {

    static final String NEWEST = "hushcall-it-newest-secret-0123456789abcdef";
    static final String OLDER = "hushcall-it-older-secret-fedcba9876543210";
    static final String RETIRED = "hushcall-it-retired-secret-aaaaaaaaaaaaaaaa";
    static final String WRONG = "hushcall-it-some-other-deployments-secret-x";
    static final Duration TTL = Duration.ofHours(6);

    @RegisterExtension
    static final Coturn coturn = Coturn.test(NEWEST, OLDER);

    static TurnCredentials mint(Clock clock, String... secrets) {
        TurnProperties properties = new TurnProperties(List.of(secrets).stream().map(Secret::new).toList(), TTL,
                List.of(URI.create(coturn.uri())), null);
        return new TurnCredentialIssuer(properties, clock).issue("alice");
    }

    static TurnAllocator.Reply allocate(TurnCredentials credentials) throws Exception {
        try (TurnAllocator turn = new TurnAllocator(coturn.address(), credentials.username(),
                credentials.password(), Duration.ofSeconds(2))) {
            TurnAllocator.Reply reply = turn.allocate();
            if (reply.ok()) {
                assertThat(turn.release().ok()).as("Refresh 0 frees the allocation").isTrue();
            }
            return reply;
        }
    }

    @Test
    void credentialsSignedWithTheNewestSecretAllocateARelayOnLoopback() throws Exception {
        TurnAllocator.Reply reply = allocate(mint(Clock.systemUTC(), NEWEST, OLDER));

        assertThat(reply.ok()).as(reply.toString()).isTrue();
        assertThat(reply.relayed().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void duringARotationCredentialsSignedWithTheOlderSecretStillAllocate() throws Exception {
        assertThat(allocate(mint(Clock.systemUTC(), OLDER)).ok()).isTrue();
    }

    @Test
    void credentialsSignedWithARetiredSecretGet401() throws Exception {
        assertThat(allocate(mint(Clock.systemUTC(), RETIRED)).code()).isEqualTo(401);
    }

    @Test
    void credentialsSignedWithAnotherDeploymentsSecretGet401() throws Exception {
        assertThat(allocate(mint(Clock.systemUTC(), WRONG)).code()).isEqualTo(401);
    }

    @Test
    void expiredCredentialsGet401() throws Exception {
        Clock sevenHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(7)), ZoneOffset.UTC);

        assertThat(allocate(mint(sevenHoursAgo, NEWEST)).code()).isEqualTo(401);
    }

    @Test
    void aTamperedUsernameGets401EvenWithAValidPassword() throws Exception {
        TurnCredentials genuine = mint(Clock.systemUTC(), NEWEST);
        String laterExpiry = (Long.parseLong(genuine.username().split(":")[0]) + 86400) + ":"
                + genuine.username().split(":")[1];

        assertThat(allocate(new TurnCredentials(laterExpiry, genuine.password(), 0, List.of())).code())
                .isEqualTo(401);
    }

    /**
     * What hushcall.turn.ttl does and does not bound (coturn issues #774, #1204): coturn checks the expiry in the
     * username only on Allocate, so a relay opened before expiry keeps refreshing and permitting peers after it.
     * What ends it is a Refresh it stops getting, within max-allocate-lifetime.
     */
    @Test
    void anExpiredCredentialCannotAllocateButARelayOpenedBeforeExpiryKeepsRefreshingAfterIt() throws Exception {
        // Credentials that expire 2 s from now: minted one TTL ago, plus 2 s.
        Clock almostExpired = Clock.fixed(Instant.now().minus(TTL).plusSeconds(2), ZoneOffset.UTC);
        TurnCredentials credentials = mint(almostExpired, NEWEST);
        try (TurnAllocator turn = new TurnAllocator(coturn.address(), credentials.username(),
                credentials.password(), Duration.ofSeconds(2))) {
            assertThat(turn.allocate().ok()).isTrue();

            Thread.sleep(3500);

            assertThat(allocate(credentials).code()).as("a new Allocate after expiry").isEqualTo(401);
            assertThat(turn.refresh(600).ok()).as("Refresh after expiry").isTrue();
            assertThat(turn.createPermission(new java.net.InetSocketAddress("127.0.0.1", 5000)).ok())
                    .as("CreatePermission after expiry").isTrue();
            assertThat(turn.release().ok()).isTrue();
        }
    }
}
