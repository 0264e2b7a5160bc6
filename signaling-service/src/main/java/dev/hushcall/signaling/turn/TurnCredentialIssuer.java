package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mints TURN credentials the way coturn checks them with {@code use-auth-secret}
 * (draft-uberti-behave-turn-rest-00 §2.2): {@code username = "<expiry>:<id>"},
 * {@code password = base64(HMAC-SHA1(secret, username))}. coturn uses the secret's characters as the HMAC key.
 */
@Component
class TurnCredentialIssuer {

    private static final Logger log = LoggerFactory.getLogger(TurnCredentialIssuer.class);

    /** 128 bits: no collisions at any user count, and 22 base64url characters in coturn's logs. */
    static final int USER_ID_BYTES = 16;
    /** Domain separation, so the derived user-id key is never the signing secret itself. */
    static final String USER_ID_KEY_LABEL = "hushcall turn user id";

    private final Secret signingSecret;
    private final byte[] userIdKey;
    private final Duration ttl;
    private final TurnProperties properties;
    private final Clock clock;

    TurnCredentialIssuer(TurnProperties properties, Clock clock) {
        Secret secret = properties.signingSecret();
        if (secret == null) {
            secret = randomSecret();
            log.info("No hushcall.turn.secrets set: TURN credentials are signed with a random secret made for this "
                    + "run, so they will not work with a real coturn until hushcall.turn.secrets is set to its "
                    + "static-auth-secret");
        }
        this.signingSecret = secret;
        this.userIdKey = properties.userIdKey() != null
                ? properties.userIdKey().bytes()
                : hmac("HmacSHA256", secret.bytes(), USER_ID_KEY_LABEL);
        this.ttl = properties.ttl();
        this.properties = properties;
        this.clock = clock;
    }

    TurnCredentials issue(String user) {
        return issue(user, null);
    }

    /** Credentials with the URIs of {@code region} (the default ones for null or a region not configured). */
    TurnCredentials issue(String user, String region) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        String username = expiry + ":" + opaqueUserId(user);
        String password = Base64.getEncoder().encodeToString(hmac("HmacSHA1", signingSecret.bytes(), username));
        return new TurnCredentials(username, password, ttl.toSeconds(), properties.urisFor(region));
    }

    /**
     * A stable pseudonym of {@code user} for coturn's logs and quotas: keyed, so it cannot be reversed by
     * hashing candidate user ids, and base64url, so it never holds the {@code ':'} that ends the expiry.
     */
    String opaqueUserId(String user) {
        byte[] mac = hmac("HmacSHA256", userIdKey, user);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, USER_ID_BYTES));
    }

    private static byte[] hmac(String algorithm, byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    private static Secret randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new Secret(Base64.getEncoder().encodeToString(random));
    }
}
