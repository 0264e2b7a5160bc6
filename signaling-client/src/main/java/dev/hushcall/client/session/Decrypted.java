package dev.hushcall.client.session;

/**
 * A decrypted payload.
 *
 * @param usedOneTimeKeys the payload opened a session, consuming one of this device's one-time prekeys
 */
public record Decrypted(byte[] plaintext, boolean usedOneTimeKeys) {
}
