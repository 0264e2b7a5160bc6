package dev.hushcall.client.keys;

import dev.hushcall.client.api.DeviceKeys;
import dev.hushcall.client.api.HushcallApi;
import dev.hushcall.client.api.KeyUpload;
import dev.hushcall.client.api.PreKey;
import dev.hushcall.client.api.PreKeyCount;
import dev.hushcall.client.api.SignedKey;
import dev.hushcall.client.store.SignalStore;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers this device and keeps its one-time prekeys on the server topped up. */
public final class KeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(KeyManager.class);

    private final HushcallApi api;
    private final SignalStore store;
    private final DeviceKeyGenerator generator;
    private final KeyPolicy policy;
    private final AtomicBoolean refilling = new AtomicBoolean();

    public KeyManager(HushcallApi api, SignalStore store, DeviceKeyGenerator generator, KeyPolicy policy) {
        this.api = api;
        this.store = store;
        this.generator = generator;
        this.policy = policy;
    }

    /**
     * Registers this device unless it already is; returns its device id. A device whose identity was stored
     * but whose registration never completed (a crash in between) registers with that same identity.
     */
    public synchronized int register() {
        OptionalInt existing = store.account().deviceId();
        if (existing.isPresent()) {
            return existing.getAsInt();
        }
        DeviceKeys keys = store.account().hasIdentity() ? generator.currentKeySet(policy.refillTo())
                : generator.newIdentity(policy.refillTo());
        int deviceId = api.registerDevice(keys);
        store.account().saveDeviceId(deviceId);
        LOG.info("registered as device {}", deviceId);
        return deviceId;
    }

    /**
     * Gives this device a new identity key and key set. Every session is dropped: contacts must build new
     * ones and will see a new safety number.
     */
    public synchronized void reRegister() {
        int deviceId = requireDeviceId();
        api.reRegisterDevice(deviceId, generator.newIdentity(policy.refillTo()));
        store.deleteEverySession();
        LOG.info("re-registered device {} with a new identity key", deviceId);
    }

    /** Uploads one-time keys of each kind that fell below the threshold. Skips if a refill is running. */
    public void refillIfNeeded() {
        if (!refilling.compareAndSet(false, true)) {
            return;
        }
        try {
            int deviceId = requireDeviceId();
            PreKeyCount count = api.preKeyCount(deviceId);
            List<PreKey> preKeys = count.preKeys() < policy.refillBelow()
                    ? generator.oneTimePreKeys(policy.refillTo() - count.preKeys()) : null;
            List<SignedKey> kyber = count.kyberPreKeys() < policy.refillBelow()
                    ? generator.oneTimeKyberPreKeys(policy.refillTo() - count.kyberPreKeys()) : null;
            if (preKeys != null || kyber != null) {
                api.uploadKeys(deviceId, new KeyUpload(generator.identityKey(), null, null, preKeys, kyber));
                LOG.debug("refilled one-time prekeys of device {}", deviceId);
            }
        } finally {
            refilling.set(false);
        }
    }

    private int requireDeviceId() {
        return store.account().deviceId()
                .orElseThrow(() -> new IllegalStateException("this device is not registered yet"));
    }
}
