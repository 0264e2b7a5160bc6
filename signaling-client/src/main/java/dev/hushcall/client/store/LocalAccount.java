package dev.hushcall.client.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;

/**
 * This device's own state: identity key pair, registration id, the device id the server assigned, and the
 * counters that hand out prekey ids. Everything is read through and written to the {@link KeyValueStore}
 * so a restarted app picks up where it stopped.
 */
public final class LocalAccount {

    static final String NAMESPACE = "account";
    /** libsignal prekey ids are 24-bit ("Medium") numbers; counters wrap below this, skipping 0. */
    private static final int MAX_KEY_ID = 0xFFFFFF;

    private final KeyValueStore kv;

    public LocalAccount(KeyValueStore kv) {
        this.kv = kv;
    }

    public boolean hasIdentity() {
        return kv.get(NAMESPACE, "identity").isPresent();
    }

    public IdentityKeyPair identityKeyPair() {
        byte[] bytes = kv.get(NAMESPACE, "identity")
                .orElseThrow(() -> new IllegalStateException("no identity key yet: register first"));
        try {
            return new IdentityKeyPair(bytes);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the stored identity key is corrupt", e);
        }
    }

    public void saveIdentity(IdentityKeyPair pair, int registrationId) {
        kv.put(NAMESPACE, "identity", pair.serialize());
        putInt("registrationId", registrationId);
    }

    public int registrationId() {
        return getInt("registrationId").orElseThrow(() -> new IllegalStateException("no registration id yet"));
    }

    public OptionalInt deviceId() {
        return getInt("deviceId");
    }

    public void saveDeviceId(int deviceId) {
        putInt("deviceId", deviceId);
    }

    /** Reserves {@code count} consecutive ids for keys of {@code kind} and returns the first. */
    public synchronized int reserveKeyIds(String kind, int count) {
        String counter = "next." + kind;
        int first = getInt(counter).orElse(1);
        if (first + count > MAX_KEY_ID) {
            first = 1;
        }
        putInt(counter, first + count);
        return first;
    }

    private OptionalInt getInt(String key) {
        Optional<byte[]> bytes = kv.get(NAMESPACE, key);
        return bytes.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(new String(bytes.get(), StandardCharsets.US_ASCII)));
    }

    private void putInt(String key, int value) {
        kv.put(NAMESPACE, key, Integer.toString(value).getBytes(StandardCharsets.US_ASCII));
    }
}
