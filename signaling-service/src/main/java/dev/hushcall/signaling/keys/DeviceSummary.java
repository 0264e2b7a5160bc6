package dev.hushcall.signaling.keys;

/** One registered device as {@code GET /v1/devices} lists it. */
public record DeviceSummary(int deviceId, int registrationId) {
}
