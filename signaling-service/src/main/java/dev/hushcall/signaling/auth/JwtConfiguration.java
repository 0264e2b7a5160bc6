package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.config.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Verifies bearer tokens: against the issuer's JWKS in production, or an HMAC key in the embedded default. */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JwtConfiguration.class);

    /** The HS256 key of the embedded default; absent when tokens come from an OIDC issuer. */
    @Bean
    HmacKey hmacKey(AuthProperties properties) {
        if (properties.jwkSetUri() != null) {
            return HmacKey.NONE;
        }
        Secret secret = properties.hmacSecret();
        if (secret == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = new Secret(Base64.getEncoder().encodeToString(random));
            log.info("No hushcall.auth.jwk-set-uri or hmac-secret set: verifying HS256 tokens with a random key "
                    + "made for this run; mint tokens with the dev profile's POST /dev/token");
        }
        return new HmacKey(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
    }

    @Bean
    JwtDecoder jwtDecoder(AuthProperties properties, HmacKey hmacKey, Clock clock) {
        NimbusJwtDecoder decoder = properties.jwkSetUri() != null
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build()
                : NimbusJwtDecoder.withSecretKey(hmacKey.key()).macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> validator = validator(properties, clock);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, clock);
    }

    /**
     * The claim checks every token passes, on its first use and every use after ({@link VerifiedTokens}): not
     * expired, {@code exp} present and within the maximum lifetime, a well-formed subject, and issuer and audience
     * when they are configured.
     */
    static OAuth2TokenValidator<Jwt> validator(AuthProperties properties, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>(List.of(timestamps,
                new TokenLifetime(properties.maxTokenLifetime(), clock), wellFormedSubject()));
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.audience() != null && !properties.audience().isBlank()) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidator<Jwt> wellFormedSubject() {
        OAuth2Error error = new OAuth2Error(ErrorCode.UNAUTHORIZED.wireName(),
                "token subject is missing or has characters outside A-Z a-z 0-9 . _ @ + -", null);
        return jwt -> UserIds.isValid(jwt.getSubject())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(error);
    }

    /** The HS256 key, or {@link #NONE} when tokens are verified against a JWKS. */
    record HmacKey(SecretKey key) {
        static final HmacKey NONE = new HmacKey(null);

        @Override
        public String toString() {
            return key == null ? "HmacKey[none]" : "HmacKey[****]";
        }
    }
}
