package dev.hushcall.signaling.keys;

/** One-time keys a device has left: {@code GET /v1/devices/{deviceId}/keys/count}. */
public record PreKeyCount(int preKeys, int kyberPreKeys) {
}
