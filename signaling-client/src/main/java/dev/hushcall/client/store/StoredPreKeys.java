package dev.hushcall.client.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;
import org.signal.libsignal.protocol.util.Hex;

/**
 * This device's own prekeys. One-time Kyber prekeys are deleted once used; last-resort ones stay and
 * instead remember every base key they served, because a replayed first message must not build a
 * second session (libsignal asks for exactly that through {@link #markKyberPreKeyUsed}).
 */
final class StoredPreKeys implements PreKeyStore, SignedPreKeyStore, KyberPreKeyStore {

    private static final String PREKEYS = "prekeys";
    private static final String SIGNED = "signed-prekeys";
    private static final String KYBER = "kyber-prekeys";
    private static final String LAST_RESORT = "kyber-last-resort";
    private static final String BASE_KEYS = "kyber-base-keys";
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore kv;

    StoredPreKeys(KeyValueStore kv) {
        this.kv = kv;
    }

    @Override
    public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        return parse(load(PREKEYS, preKeyId), PreKeyRecord::new);
    }

    @Override
    public void storePreKey(int preKeyId, PreKeyRecord record) {
        kv.put(PREKEYS, key(preKeyId), record.serialize());
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return kv.get(PREKEYS, key(preKeyId)).isPresent();
    }

    @Override
    public void removePreKey(int preKeyId) {
        kv.delete(PREKEYS, key(preKeyId));
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        return parse(load(SIGNED, signedPreKeyId), SignedPreKeyRecord::new);
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        return loadAll(SIGNED, SignedPreKeyRecord::new);
    }

    @Override
    public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        kv.put(SIGNED, key(signedPreKeyId), record.serialize());
    }

    @Override
    public boolean containsSignedPreKey(int signedPreKeyId) {
        return kv.get(SIGNED, key(signedPreKeyId)).isPresent();
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        kv.delete(SIGNED, key(signedPreKeyId));
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
        return parse(load(KYBER, kyberPreKeyId), KyberPreKeyRecord::new);
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return loadAll(KYBER, KyberPreKeyRecord::new);
    }

    @Override
    public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        kv.put(KYBER, key(kyberPreKeyId), record.serialize());
    }

    /** Stores a last-resort Kyber prekey: one that is never deleted when used. */
    void storeLastResortKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        kv.put(LAST_RESORT, key(kyberPreKeyId), EMPTY);
        storeKyberPreKey(kyberPreKeyId, record);
    }

    @Override
    public boolean containsKyberPreKey(int kyberPreKeyId) {
        return kv.get(KYBER, key(kyberPreKeyId)).isPresent();
    }

    @Override
    public synchronized void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
            throws ReusedBaseKeyException {
        if (kv.get(LAST_RESORT, key(kyberPreKeyId)).isEmpty()) {
            kv.delete(KYBER, key(kyberPreKeyId));
            return;
        }
        String seen = kyberPreKeyId + ":" + signedPreKeyId + ":" + Hex.toStringCondensed(baseKey.serialize());
        if (kv.get(BASE_KEYS, seen).isPresent()) {
            throw new ReusedBaseKeyException();
        }
        kv.put(BASE_KEYS, seen, EMPTY);
    }

    private byte[] load(String namespace, int id) throws InvalidKeyIdException {
        Optional<byte[]> bytes = kv.get(namespace, key(id));
        if (bytes.isEmpty()) {
            throw new InvalidKeyIdException("no " + namespace + " record with id " + id);
        }
        return bytes.get();
    }

    private <T> List<T> loadAll(String namespace, Parser<T> parser) {
        List<T> records = new ArrayList<>();
        for (String id : kv.keys(namespace)) {
            kv.get(namespace, id).ifPresent(bytes -> records.add(parse(bytes, parser)));
        }
        return records;
    }

    private static <T> T parse(byte[] bytes, Parser<T> parser) {
        try {
            return parser.parse(bytes);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("a stored prekey record is corrupt", e);
        }
    }

    private static String key(int id) {
        return Integer.toString(id);
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidMessageException;
    }
}
