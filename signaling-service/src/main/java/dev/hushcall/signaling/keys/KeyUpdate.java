package dev.hushcall.signaling.keys;

/**
 * A verified upload for an existing device. {@code identityKey} is the key the signatures were checked
 * against; a store applies the update only while the device still has that key.
 *
 * @param signedPreKey          replaces the current one; null keeps it
 * @param kyberLastResortPreKey replaces the current one; null keeps it
 * @param oneTimeKeys           added to the device's pools
 */
public record KeyUpdate(String identityKey, SignedPreKey signedPreKey, SignedPreKey kyberLastResortPreKey,
                        OneTimeKeys oneTimeKeys) {
}
