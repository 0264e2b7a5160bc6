package dev.hushcall.signaling.keys;

import dev.hushcall.protocol.DeviceAddress;
import java.util.SortedSet;

/** Which devices a user has registered: what calls ring and what {@code device_mismatch} checks against. */
public interface DeviceDirectory {

    /** The user's registered device ids, ascending; empty when the user has none. */
    SortedSet<Integer> deviceIds(String user);

    default boolean isRegistered(DeviceAddress device) {
        return deviceIds(device.user()).contains(device.deviceId());
    }
}
