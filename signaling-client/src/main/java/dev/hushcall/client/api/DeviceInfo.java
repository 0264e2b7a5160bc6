package dev.hushcall.client.api;

/** One of the calling user's own devices, from {@code GET /v1/devices}. */
public record DeviceInfo(int deviceId, int registrationId) {
}
