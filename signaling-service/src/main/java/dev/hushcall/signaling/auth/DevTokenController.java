package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/token {"user":"alice"}} mints a token for anyone: it exists only under the {@code dev}
 * profile and only with the embedded HMAC key, never beside a real OIDC issuer.
 */
@RestController
@Profile("dev")
class DevTokenController {

    private static final Logger log = LoggerFactory.getLogger(DevTokenController.class);

    record TokenRequest(String user) {
    }

    record TokenResponse(String token, long expiresInSeconds) {
    }

    private final NimbusJwtEncoder encoder;
    private final AuthProperties properties;
    private final Clock clock;

    DevTokenController(JwtConfiguration.HmacKey key, AuthProperties properties, Clock clock) {
        if (key.key() == null) {
            throw new IllegalStateException("the dev profile mints HS256 tokens: unset hushcall.auth.jwk-set-uri");
        }
        this.encoder = NimbusJwtEncoder.withSecretKey(key.key()).build();
        this.properties = properties;
        this.clock = clock;
        log.warn("dev profile: POST /dev/token mints a token for any user. Never enable it in production.");
    }

    @PostMapping("/dev/token")
    TokenResponse mint(@RequestBody TokenRequest request) {
        if (!UserIds.isValid(request.user())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE,
                    "user must be 1 to 128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(request.user())
                .issuedAt(now)
                .expiresAt(now.plus(properties.devTokenTtl()))
                .issuer(properties.issuer() == null ? "hushcall-dev" : properties.issuer());
        if (properties.audience() != null && !properties.audience().isBlank()) {
            claims.audience(List.of(properties.audience()));
        }
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
        return new TokenResponse(token, properties.devTokenTtl().toSeconds());
    }
}
