package dev.hushcall.signaling.keys;

/**
 * A prekey signed by the device's identity key: the signed EC prekey, the Kyber last-resort key, or a
 * one-time Kyber key. {@code signature} is XEdDSA over the serialized {@code publicKey}; both base64.
 */
public record SignedPreKey(Integer keyId, String publicKey, String signature) {
}
