package dev.hushcall.client.store;

import org.signal.libsignal.protocol.SignalProtocolAddress;

/** The store key of a remote device: {@code user.deviceId}; the last dot splits, user names may hold dots. */
final class Addresses {

    private Addresses() {
    }

    static String key(SignalProtocolAddress address) {
        return address.getName() + "." + address.getDeviceId();
    }

    static String user(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }

    static int deviceId(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
    }
}
