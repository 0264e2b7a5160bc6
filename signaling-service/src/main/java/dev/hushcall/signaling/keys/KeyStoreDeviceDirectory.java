package dev.hushcall.signaling.keys;

import dev.hushcall.protocol.DeviceAddress;
import java.util.OptionalLong;
import java.util.SortedSet;
import org.springframework.stereotype.Component;

/** The device list calls ring and check {@code device_mismatch} against: whatever the key store has registered. */
@Component
class KeyStoreDeviceDirectory implements DeviceDirectory {

    private final KeyStore store;

    KeyStoreDeviceDirectory(KeyStore store) {
        this.store = store;
    }

    @Override
    public SortedSet<Integer> deviceIds(String user) {
        return store.deviceIds(user);
    }

    @Override
    public OptionalLong generation(DeviceAddress device) {
        return store.generation(device.user(), device.deviceId());
    }
}
