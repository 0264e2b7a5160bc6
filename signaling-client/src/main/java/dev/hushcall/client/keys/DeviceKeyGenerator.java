package dev.hushcall.client.keys;

import dev.hushcall.client.api.DeviceKeys;
import dev.hushcall.client.api.PreKey;
import dev.hushcall.client.api.SignedKey;
import dev.hushcall.client.store.SignalStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * Makes this device's keys, stores the private halves and returns the public halves in their REST form.
 * Every key is stored before it is uploaded, so a first message built from an uploaded key always finds it.
 * Signatures are the identity key's XEdDSA over the serialized public key, as the server verifies them.
 */
public final class DeviceKeyGenerator {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final String PREKEY_IDS = "prekey";
    private static final String SIGNED_IDS = "signed-prekey";
    // One counter for one-time and last-resort Kyber keys: they share libsignal's Kyber id space.
    private static final String KYBER_IDS = "kyber-prekey";

    private final SignalStore store;
    private final Clock clock;

    public DeviceKeyGenerator(SignalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Creates and stores a new identity and a full key set. Replaces any identity stored before, so call it
     * only for a device that was never registered or is re-registering.
     */
    public DeviceKeys newIdentity(int oneTimeKeys) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        store.account().saveIdentity(identity, KeyHelper.generateRegistrationId(false));
        return currentKeySet(oneTimeKeys);
    }

    /** A full key set for the identity already stored: new signed, last-resort and one-time keys. */
    public DeviceKeys currentKeySet(int oneTimeKeys) {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        return new DeviceKeys(store.getLocalRegistrationId(), identityKey(), signedPreKey(identity),
                lastResortKyberPreKey(identity), oneTimePreKeys(oneTimeKeys), oneTimeKyberPreKeys(oneTimeKeys));
    }

    public String identityKey() {
        return BASE64.encodeToString(store.getIdentityKeyPair().getPublicKey().serialize());
    }

    public List<PreKey> oneTimePreKeys(int count) {
        int first = store.account().reserveKeyIds(PREKEY_IDS, count);
        List<PreKey> keys = new ArrayList<>(count);
        for (int id = first; id < first + count; id++) {
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            keys.add(new PreKey(id, BASE64.encodeToString(pair.getPublicKey().serialize())));
        }
        return keys;
    }

    public List<SignedKey> oneTimeKyberPreKeys(int count) {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        int first = store.account().reserveKeyIds(KYBER_IDS, count);
        List<SignedKey> keys = new ArrayList<>(count);
        for (int id = first; id < first + count; id++) {
            KyberPreKeyRecord record = kyberRecord(identity, id);
            store.storeKyberPreKey(id, record);
            keys.add(wire(record));
        }
        return keys;
    }

    private SignedKey signedPreKey(IdentityKeyPair identity) {
        int id = store.account().reserveKeyIds(SIGNED_IDS, 1);
        ECKeyPair pair = ECKeyPair.generate();
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, clock.millis(), pair, signature));
        return new SignedKey(id, BASE64.encodeToString(pair.getPublicKey().serialize()),
                BASE64.encodeToString(signature));
    }

    private SignedKey lastResortKyberPreKey(IdentityKeyPair identity) {
        int id = store.account().reserveKeyIds(KYBER_IDS, 1);
        KyberPreKeyRecord record = kyberRecord(identity, id);
        store.storeLastResortKyberPreKey(id, record);
        return wire(record);
    }

    private KyberPreKeyRecord kyberRecord(IdentityKeyPair identity, int id) {
        KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        return new KyberPreKeyRecord(id, clock.millis(), pair, signature);
    }

    private static SignedKey wire(KyberPreKeyRecord record) {
        try {
            return new SignedKey(record.getId(), BASE64.encodeToString(record.getKeyPair().getPublicKey().serialize()),
                    BASE64.encodeToString(record.getSignature()));
        } catch (org.signal.libsignal.protocol.InvalidKeyException e) {
            throw new IllegalStateException("a Kyber prekey just generated does not parse", e);
        }
    }
}
