package dev.hushcall.client.api;

/** A one-time EC prekey: unsigned, as in libsignal. */
public record PreKey(int keyId, String publicKey) {
}
