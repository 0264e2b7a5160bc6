package dev.hushcall.signaling.keys;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a caller needs to start a session with one device (libsignal's {@code PreKeyBundle}).
 *
 * @param kyberPreKey a one-time Kyber key, or the last-resort key when none is left
 * @param preKey      a one-time EC key; absent when none is left
 */
public record DeviceBundle(int deviceId, int registrationId, String identityKey, SignedPreKey signedPreKey,
                           SignedPreKey kyberPreKey, @JsonInclude(JsonInclude.Include.NON_NULL) PreKey preKey) {
}
