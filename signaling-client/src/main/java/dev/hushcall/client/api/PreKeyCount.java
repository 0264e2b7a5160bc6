package dev.hushcall.client.api;

/** One-time keys the server still holds for a device. */
public record PreKeyCount(int preKeys, int kyberPreKeys) {
}
