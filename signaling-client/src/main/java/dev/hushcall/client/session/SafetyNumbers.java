package dev.hushcall.client.session;

import java.nio.charset.StandardCharsets;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/**
 * Signal's 60-digit safety number. Both sides compute the same digits because libsignal sorts the two
 * halves; user names are the stable identifiers, so the number changes only when an identity key does.
 */
final class SafetyNumbers {

    private static final int VERSION = 2;
    private static final int ITERATIONS = 5200;

    private SafetyNumbers() {
    }

    static String of(String localUser, IdentityKey local, String remoteUser, IdentityKey remote) {
        return new NumericFingerprintGenerator(ITERATIONS)
                .createFor(VERSION, localUser.getBytes(StandardCharsets.UTF_8), local,
                        remoteUser.getBytes(StandardCharsets.UTF_8), remote)
                .getDisplayableFingerprint()
                .getDisplayText();
    }
}
