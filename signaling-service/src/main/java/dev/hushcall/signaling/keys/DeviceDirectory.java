package dev.hushcall.signaling.keys;

import dev.hushcall.protocol.DeviceAddress;
import java.util.OptionalLong;
import java.util.SortedSet;

/** Which devices a user has registered: what calls ring and what {@code device_mismatch} checks against. */
public interface DeviceDirectory {

    /** The user's registered device ids, ascending; empty when the user has none. */
    SortedSet<Integer> deviceIds(String user);

    default boolean isRegistered(DeviceAddress device) {
        return deviceIds(device.user()).contains(device.deviceId());
    }

    /**
     * The device's registration generation (see {@link KeyStore}): what a ticket or socket of the device must carry to
     * be honoured. Empty when the device is not registered.
     */
    OptionalLong generation(DeviceAddress device);
}
