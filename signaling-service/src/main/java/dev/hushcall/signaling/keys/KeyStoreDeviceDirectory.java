package dev.hushcall.signaling.keys;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
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
        SortedSet<Integer> ids = new TreeSet<>();
        store.devices(user).forEach(device -> ids.add(device.deviceId()));
        return Collections.unmodifiableSortedSet(ids);
    }
}
