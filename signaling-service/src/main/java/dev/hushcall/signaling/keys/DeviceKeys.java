package dev.hushcall.signaling.keys;

/** The long-lived keys of one device, already verified: what every bundle of it repeats. */
public record DeviceKeys(int registrationId, String identityKey, SignedPreKey signedPreKey,
                         SignedPreKey kyberLastResortPreKey) {
}
