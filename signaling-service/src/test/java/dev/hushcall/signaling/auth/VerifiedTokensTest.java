package dev.hushcall.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.signaling.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

class VerifiedTokensTest {

    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "HmacSHA256");
    private static final SecretKeySpec OTHER_KEY = new SecretKeySpec(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32}, "HmacSHA256");

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final VerifiedTokens tokens;

    VerifiedTokensTest() {
        timestamps.setClock(clock);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(timestamps);
        tokens = new VerifiedTokens(token -> {
            signatureChecks.incrementAndGet();
            return decoder.decode(token);
        }, timestamps, clock);
    }

    private String token(SecretKeySpec key, String subject, Duration lifetime) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuedAt(clock.instant())
                .expiresAt(clock.instant().plus(lifetime)).build();
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    /** The service's own claim checks ({@link JwtConfiguration#validator}), with or without an audience. */
    private VerifiedTokens service(String audience) {
        AuthProperties properties = new AuthProperties(null, null, null, Duration.ofSeconds(30), Duration.ofHours(12),
                Duration.ofHours(24), audience);
        var validator = JwtConfiguration.validator(properties, clock);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, clock);
    }

    private static String token(Consumer<JwtClaimsSet.Builder> claims) {
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder().subject("alice");
        claims.accept(builder);
        return NimbusJwtEncoder.withSecretKey(KEY).build().encode(JwtEncoderParameters.from(
                JwsHeader.with(MacAlgorithm.HS256).build(), builder.build())).getTokenValue();
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> service(null).decode(token(c -> c.issuedAt(now))))
                .isInstanceOf(JwtException.class).hasMessageContaining("exp");
        assertThatThrownBy(() -> service(null).decode(token(c -> { })))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefusedCountedFromNowAndFromIssue() {
        Instant now = clock.instant();
        VerifiedTokens tokens = service(null);

        assertThat(tokens.decode(token(c -> c.issuedAt(now).expiresAt(now.plus(Duration.ofHours(24))))).getSubject())
                .isEqualTo("alice");
        assertThatThrownBy(() -> tokens.decode(token(c -> c.expiresAt(Instant.parse("9999-12-31T00:00:00Z")))))
                .isInstanceOf(JwtException.class).hasMessageContaining("lives longer");
        assertThatThrownBy(() -> tokens.decode(token(c -> c.expiresAt(now.plus(Duration.ofHours(24).plusSeconds(1))))))
                .isInstanceOf(JwtException.class);
        // Within 24 h of now, but issued 30 h before it expires.
        assertThatThrownBy(() -> tokens.decode(token(c -> c.issuedAt(now.minus(Duration.ofHours(6)))
                .expiresAt(now.plus(Duration.ofHours(24))))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void anAudienceIsCheckedOnlyWhenConfigured() {
        Instant now = clock.instant();
        String forUs = token(c -> c.expiresAt(now.plus(Duration.ofHours(1))).audience(List.of("other", "hushcall")));
        String forOthers = token(c -> c.expiresAt(now.plus(Duration.ofHours(1))).audience(List.of("other")));
        String forAnyone = token(c -> c.expiresAt(now.plus(Duration.ofHours(1))));

        VerifiedTokens checked = service("hushcall");
        assertThat(checked.decode(forUs).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> checked.decode(forOthers)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> checked.decode(forAnyone)).isInstanceOf(JwtException.class);

        VerifiedTokens unchecked = service(null);
        assertThat(unchecked.decode(forOthers).getSubject()).isEqualTo("alice");
        assertThat(unchecked.decode(forAnyone).getSubject()).isEqualTo("alice");
    }

    @Test
    void aTokenUsedAgainIsNotVerifiedAgain() {
        String token = token(KEY, "alice", Duration.ofHours(1));

        assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");

        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = token(KEY, "alice", Duration.ofMinutes(1));
        tokens.decode(token);

        clock.advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aSignatureIsCheckedAgainAfterTheRememberedWindow() {
        String token = token(KEY, "alice", Duration.ofHours(1));
        tokens.decode(token);

        clock.advance(VerifiedTokens.REMEMBER_FOR);
        tokens.decode(token);

        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        String forged = token(OTHER_KEY, "mallory", Duration.ofHours(1));

        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(JwtException.class);

        assertThat(signatureChecks).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theCacheStartsOverWhenFull() {
        for (int i = 0; i < VerifiedTokens.CAPACITY; i++) {
            tokens.decode(token(KEY, "user" + i, Duration.ofHours(1)));
        }
        assertThat(tokens.size()).isEqualTo(VerifiedTokens.CAPACITY);

        tokens.decode(token(KEY, "one-more", Duration.ofHours(1)));

        assertThat(tokens.size()).isEqualTo(1);
    }
}
