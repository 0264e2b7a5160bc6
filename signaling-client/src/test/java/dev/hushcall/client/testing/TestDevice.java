package dev.hushcall.client.testing;

import dev.hushcall.client.api.DeviceBundle;
import dev.hushcall.client.api.DeviceKeys;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.keys.DeviceKeyGenerator;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.store.InMemoryKeyValueStore;
import dev.hushcall.client.store.KeyValueStore;
import dev.hushcall.client.store.SignalStore;
import dev.hushcall.protocol.DeviceAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One device's SDK crypto layer with its uploaded keys kept aside, standing in for the server's key directory. */
public final class TestDevice {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int ONE_TIME_KEYS = 5;

    public final DeviceAddress address;
    public final KeyValueStore kv;
    public final SignalStore store;
    public final SessionCrypto crypto;
    public final List<DeviceAddress> identityChanges = new ArrayList<>();
    private DeviceKeys keys;
    private int handedOut;

    private TestDevice(DeviceAddress address, KeyValueStore kv) {
        this.address = address;
        this.kv = kv;
        this.store = new SignalStore(kv);
        this.crypto = new SessionCrypto(store, CLOCK, identityChanges::add);
    }

    public static TestDevice create(String user, int deviceId) {
        return create(user, deviceId, new InMemoryKeyValueStore());
    }

    public static TestDevice create(String user, int deviceId, KeyValueStore kv) {
        TestDevice device = new TestDevice(new DeviceAddress(user, deviceId), kv);
        device.keys = device.generator().newIdentity(ONE_TIME_KEYS);
        device.store.account().saveDeviceId(deviceId);
        return device;
    }

    /** A new identity key and key set, as {@code PUT /v1/devices/{id}} does. */
    public void reRegister() {
        keys = generator().newIdentity(ONE_TIME_KEYS);
        handedOut = 0;
        store.deleteEverySession();
    }

    public DeviceKeyGenerator generator() {
        return new DeviceKeyGenerator(store, CLOCK);
    }

    public DeviceKeys keys() {
        return keys;
    }

    /** The next bundle the server would hand out: one-time keys while they last, then last resort. */
    public DeviceBundle popBundle() {
        int i = handedOut++;
        boolean oneTime = i < keys.preKeys().size();
        return new DeviceBundle(address.deviceId(), keys.registrationId(), keys.identityKey(), keys.signedPreKey(),
                oneTime ? keys.kyberPreKeys().get(i) : keys.kyberLastResortPreKey(),
                oneTime ? keys.preKeys().get(i) : null);
    }

    public static UserBundles bundles(TestDevice... devices) {
        return new UserBundles(devices[0].address.user(),
                Arrays.stream(devices).map(TestDevice::popBundle).toList());
    }
}
