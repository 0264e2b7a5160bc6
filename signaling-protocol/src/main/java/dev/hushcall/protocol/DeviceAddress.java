package dev.hushcall.protocol;

/**
 * One device of one user, as in libsignal's {@code SignalProtocolAddress(name, deviceId)}.
 * The server stamps it as {@code from} on every routed frame; clients never choose it.
 */
public record DeviceAddress(String user, int deviceId) {

    public DeviceAddress {
        Validation.require(user != null && !user.isBlank(), ErrorCode.INVALID_MESSAGE, "user is required");
        Validation.require(deviceId > 0, ErrorCode.INVALID_MESSAGE, "deviceId must be positive");
    }

    @Override
    public String toString() {
        return user + "." + deviceId;
    }
}
