package dev.hushcall.signaling.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers bearer tokens whose signature it verified. An app sends the same access token with every request
 * (socket tickets, TURN credentials, keys), and checking its signature and parsing it again each time was ~9 % of the
 * service's CPU in the call set-up benchmark. A remembered token is still validated on every use (expiry against
 * the clock, issuer, subject); it is remembered for at most {@link #REMEMBER_FOR}, so a key withdrawn from the
 * issuer's key set stops being trusted within that. Only tokens that passed are kept, so nobody without a valid token
 * can fill the cache; at {@link #CAPACITY} it starts over.
 */
final class VerifiedTokens implements JwtDecoder {

    /** How long a verified signature is trusted without checking it again. */
    static final Duration REMEMBER_FOR = Duration.ofMinutes(5);
    /** Tokens remembered at most: ~2 KB each, so ~20 MB at most. */
    static final int CAPACITY = 10_000;

    private record Verified(Jwt jwt, Instant at) {
    }

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * @param verifier  checks signature and claims (runs {@code validator} itself)
     * @param validator the claim checks, run again on each use of a remembered token
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Clock clock) {
        this.verifier = verifier;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.at().plus(REMEMBER_FOR))) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                verified.remove(token);
                throw new JwtValidationException("the token is no longer valid", result.getErrors());
            }
            return known.jwt();
        }
        Jwt jwt = verifier.decode(token);
        if (verified.size() >= CAPACITY) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, now));
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
