package dev.hushcall.client.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * libsignal's store on top of a {@link KeyValueStore}. Identities are trusted on first use and never
 * silently replaced: a contact device whose identity key differs from the stored one is untrusted in both
 * directions, so libsignal throws {@code UntrustedIdentityException} until the app accepts the new key.
 * Internal to the SDK; apps only choose the {@link KeyValueStore}.
 */
public final class SignalStore implements SignalProtocolStore {

    private static final String IDENTITIES = "identities";
    private static final String SESSIONS = "sessions";
    private static final String SENDER_KEYS = "sender-keys";

    private final KeyValueStore kv;
    private final LocalAccount account;
    private final StoredPreKeys preKeys;

    public SignalStore(KeyValueStore kv) {
        this.kv = kv;
        this.account = new LocalAccount(kv);
        this.preKeys = new StoredPreKeys(kv);
    }

    public LocalAccount account() {
        return account;
    }

    /** Stores a last-resort Kyber prekey, which survives being used. */
    public void storeLastResortKyberPreKey(int id, KyberPreKeyRecord record) {
        preKeys.storeLastResortKyberPreKey(id, record);
    }

    /** Replaces whatever identity was stored for {@code address}: the app accepted a changed key. */
    public void trustIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        kv.put(IDENTITIES, Addresses.key(address), identityKey.serialize());
    }

    /** Every remote device this device has a session with, by user. */
    public List<Integer> sessionDeviceIds(String user) {
        List<Integer> ids = new ArrayList<>();
        for (String key : kv.keys(SESSIONS)) {
            if (Addresses.user(key).equals(user)) {
                ids.add(Addresses.deviceId(key));
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Forgets every session, as after this device re-registered with a new identity key. */
    public void deleteEverySession() {
        kv.keys(SESSIONS).forEach(key -> kv.delete(SESSIONS, key));
    }

    // IdentityKeyStore

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        return account.identityKeyPair();
    }

    @Override
    public int getLocalRegistrationId() {
        return account.registrationId();
    }

    @Override
    public synchronized IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        Optional<IdentityKey> previous = Optional.ofNullable(getIdentity(address));
        if (previous.isPresent() && !previous.get().equals(identityKey)) {
            // Reached only if libsignal saves without asking isTrustedIdentity; keep the old key.
            return IdentityChange.REPLACED_EXISTING;
        }
        kv.put(IDENTITIES, Addresses.key(address), identityKey.serialize());
        return IdentityChange.NEW_OR_UNCHANGED;
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        IdentityKey known = getIdentity(address);
        return known == null || known.equals(identityKey);
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        Optional<byte[]> bytes = kv.get(IDENTITIES, Addresses.key(address));
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            return new IdentityKey(bytes.get());
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a stored identity key is corrupt", e);
        }
    }

    // SessionStore

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        Optional<byte[]> bytes = kv.get(SESSIONS, Addresses.key(address));
        return bytes.isEmpty() ? new SessionRecord() : parseSession(bytes.get());
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        List<SessionRecord> records = new ArrayList<>();
        for (SignalProtocolAddress address : addresses) {
            Optional<byte[]> bytes = kv.get(SESSIONS, Addresses.key(address));
            if (bytes.isEmpty()) {
                throw new NoSessionException("no session with " + address);
            }
            records.add(parseSession(bytes.get()));
        }
        return records;
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        return sessionDeviceIds(name);
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        kv.put(SESSIONS, Addresses.key(address), record.serialize());
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return kv.get(SESSIONS, Addresses.key(address)).isPresent();
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        kv.delete(SESSIONS, Addresses.key(address));
    }

    @Override
    public void deleteAllSessions(String name) {
        for (int deviceId : sessionDeviceIds(name)) {
            kv.delete(SESSIONS, name + "." + deviceId);
        }
    }

    private static SessionRecord parseSession(byte[] bytes) {
        try {
            return new SessionRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("a stored session record is corrupt", e);
        }
    }

    // SenderKeyStore: calls are one-to-one, but the interface is part of SignalProtocolStore.

    @Override
    public void storeSenderKey(SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
        kv.put(SENDER_KEYS, Addresses.key(sender) + "/" + distributionId, record.serialize());
    }

    @Override
    public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
        Optional<byte[]> bytes = kv.get(SENDER_KEYS, Addresses.key(sender) + "/" + distributionId);
        try {
            return bytes.isEmpty() ? null : new SenderKeyRecord(bytes.get());
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("a stored sender key is corrupt", e);
        }
    }

    // Prekey stores: delegated.

    @Override
    public PreKeyRecord loadPreKey(int id) throws InvalidKeyIdException {
        return preKeys.loadPreKey(id);
    }

    @Override
    public void storePreKey(int id, PreKeyRecord record) {
        preKeys.storePreKey(id, record);
    }

    @Override
    public boolean containsPreKey(int id) {
        return preKeys.containsPreKey(id);
    }

    @Override
    public void removePreKey(int id) {
        preKeys.removePreKey(id);
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int id) throws InvalidKeyIdException {
        return preKeys.loadSignedPreKey(id);
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        return preKeys.loadSignedPreKeys();
    }

    @Override
    public void storeSignedPreKey(int id, SignedPreKeyRecord record) {
        preKeys.storeSignedPreKey(id, record);
    }

    @Override
    public boolean containsSignedPreKey(int id) {
        return preKeys.containsSignedPreKey(id);
    }

    @Override
    public void removeSignedPreKey(int id) {
        preKeys.removeSignedPreKey(id);
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int id) throws InvalidKeyIdException {
        return preKeys.loadKyberPreKey(id);
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return preKeys.loadKyberPreKeys();
    }

    @Override
    public void storeKyberPreKey(int id, KyberPreKeyRecord record) {
        preKeys.storeKyberPreKey(id, record);
    }

    @Override
    public boolean containsKyberPreKey(int id) {
        return preKeys.containsKyberPreKey(id);
    }

    @Override
    public void markKyberPreKeyUsed(int id, int signedPreKeyId, ECPublicKey baseKey) throws ReusedBaseKeyException {
        preKeys.markKyberPreKeyUsed(id, signedPreKeyId, baseKey);
    }
}
