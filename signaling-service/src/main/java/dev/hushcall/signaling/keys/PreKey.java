package dev.hushcall.signaling.keys;

/**
 * A one-time EC prekey as it travels and as it is stored: {@code publicKey} is the libsignal serialized
 * form in standard base64. Only {@link KeyValidator} turns client input into stored keys.
 */
public record PreKey(Integer keyId, String publicKey) {
}
