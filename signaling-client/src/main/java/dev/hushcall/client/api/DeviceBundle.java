package dev.hushcall.client.api;

/** What a caller needs to open a session with one device; {@code preKey} is null when they ran out. */
public record DeviceBundle(int deviceId, int registrationId, String identityKey, SignedKey signedPreKey,
                           SignedKey kyberPreKey, PreKey preKey) {
}
