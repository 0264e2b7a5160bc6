package dev.hushcall.signaling.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * A device with real libsignal keys, as a client would generate them: what it uploads, and the private
 * halves a test needs to prove a fetched bundle works. EC one-time ids start at 1, Kyber one-time ids
 * at 2 (1 is the last-resort key).
 */
final class TestDevice {

    static final int SIGNED_PRE_KEY_ID = 1;
    static final int LAST_RESORT_ID = 1;

    final IdentityKeyPair identity = IdentityKeyPair.generate();
    final int registrationId;
    final ECKeyPair signedPreKey = ECKeyPair.generate();
    final KEMKeyPair lastResort = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    final Map<Integer, ECKeyPair> preKeys = new LinkedHashMap<>();
    final Map<Integer, KEMKeyPair> kyberPreKeys = new LinkedHashMap<>();

    TestDevice(int registrationId, int preKeyCount, int kyberPreKeyCount) {
        this.registrationId = registrationId;
        for (int i = 1; i <= preKeyCount; i++) {
            preKeys.put(i, ECKeyPair.generate());
        }
        for (int i = 2; i <= kyberPreKeyCount + 1; i++) {
            kyberPreKeys.put(i, KEMKeyPair.generate(KEMKeyType.KYBER_1024));
        }
    }

    static TestDevice withKeys(int preKeyCount, int kyberPreKeyCount) {
        return new TestDevice(4711, preKeyCount, kyberPreKeyCount);
    }

    DeviceRegistration registration() {
        return new DeviceRegistration(registrationId, identityKey(), signed(SIGNED_PRE_KEY_ID, signedPreKey),
                signed(LAST_RESORT_ID, lastResort), preKeyList(), kyberPreKeyList());
    }

    KeyUpload upload() {
        return new KeyUpload(identityKey(), null, null, preKeyList(), kyberPreKeyList());
    }

    String identityKey() {
        return b64(identity.getPublicKey().serialize());
    }

    List<PreKey> preKeyList() {
        List<PreKey> list = new ArrayList<>();
        preKeys.forEach((id, pair) -> list.add(new PreKey(id, b64(pair.getPublicKey().serialize()))));
        return list;
    }

    List<SignedPreKey> kyberPreKeyList() {
        List<SignedPreKey> list = new ArrayList<>();
        kyberPreKeys.forEach((id, pair) -> list.add(signed(id, pair)));
        return list;
    }

    SignedPreKey signed(int keyId, ECKeyPair pair) {
        return sign(keyId, pair.getPublicKey().serialize());
    }

    SignedPreKey signed(int keyId, KEMKeyPair pair) {
        return sign(keyId, pair.getPublicKey().serialize());
    }

    /** Signs any bytes as this device would sign a key, to build keys that are well signed but wrong. */
    SignedPreKey sign(int keyId, byte[] publicKey) {
        return new SignedPreKey(keyId, b64(publicKey), b64(identity.getPrivateKey().calculateSignature(publicKey)));
    }

    /** The device's own libsignal store, holding the private halves of everything it uploaded. */
    InMemorySignalProtocolStore protocolStore() {
        InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, registrationId);
        long now = System.currentTimeMillis();
        store.storeSignedPreKey(SIGNED_PRE_KEY_ID, new SignedPreKeyRecord(SIGNED_PRE_KEY_ID, now, signedPreKey,
                identity.getPrivateKey().calculateSignature(signedPreKey.getPublicKey().serialize())));
        store.storeKyberPreKey(LAST_RESORT_ID, new KyberPreKeyRecord(LAST_RESORT_ID, now, lastResort,
                identity.getPrivateKey().calculateSignature(lastResort.getPublicKey().serialize())));
        preKeys.forEach((id, pair) -> store.storePreKey(id, new PreKeyRecord(id, pair)));
        kyberPreKeys.forEach((id, pair) -> store.storeKyberPreKey(id, new KyberPreKeyRecord(id, now, pair,
                identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize()))));
        return store;
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
