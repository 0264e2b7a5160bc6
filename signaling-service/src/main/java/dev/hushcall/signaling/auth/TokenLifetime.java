package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token must say when it expires, and not too far ahead: a token without {@code exp}, or one that lives longer than
 * {@code hushcall.auth.max-token-lifetime} (counted from now, and from its {@code iat} when it has one), is refused.
 * A stolen token then works for a bounded time whatever its issuer wrote into it (issue 15: one with
 * {@code exp} in year 9999 was accepted). Expiry itself is checked by Spring's {@code JwtTimestampValidator}.
 */
final class TokenLifetime implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error NO_EXPIRY = new OAuth2Error(ErrorCode.UNAUTHORIZED.wireName(),
            "the token has no exp claim", null);

    private final Duration max;
    private final Clock clock;
    private final OAuth2Error tooLong;

    TokenLifetime(Duration max, Clock clock) {
        this.max = max;
        this.clock = clock;
        this.tooLong = new OAuth2Error(ErrorCode.UNAUTHORIZED.wireName(),
                "the token lives longer than " + max.toSeconds() + " s, the most this service accepts", null);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        if (expires == null) {
            return OAuth2TokenValidatorResult.failure(NO_EXPIRY);
        }
        Instant issued = jwt.getIssuedAt();
        boolean tooFar = expires.isAfter(clock.instant().plus(max)) || issued != null && expires.isAfter(issued.plus(max));
        return tooFar ? OAuth2TokenValidatorResult.failure(tooLong) : OAuth2TokenValidatorResult.success();
    }
}
