package dev.hushcall.client.session;

import dev.hushcall.client.HushcallException;
import dev.hushcall.client.IdentityKeyChangedException;
import dev.hushcall.client.api.DeviceBundle;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.store.SignalStore;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * Everything this device does with libsignal sessions: build them from bundles, seal one payload per
 * recipient device, open incoming payloads, and hold back contacts whose identity key changed. Methods that
 * touch session state are synchronized because a libsignal store is not safe for concurrent ratchet steps.
 */
public final class SessionCrypto {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final SignalStore store;
    private final Clock clock;
    private final Consumer<DeviceAddress> identityChanged;
    /** New identity keys seen for contacts, kept until the app accepts them. */
    private final Map<DeviceAddress, IdentityKey> changedIdentities = new ConcurrentHashMap<>();

    /** {@code identityChanged} hears of every contact device whose identity key no longer matches. */
    public SessionCrypto(SignalStore store, Clock clock, Consumer<DeviceAddress> identityChanged) {
        this.store = store;
        this.clock = clock;
        this.identityChanged = identityChanged;
    }

    /**
     * Builds a session with each device of {@code bundles} that {@code wanted} accepts, replacing any older
     * one. Devices whose identity key changed are reported and skipped, then the first is thrown.
     */
    public synchronized void buildSessions(UserBundles bundles, IntPredicate wanted) {
        IdentityKeyChangedException changed = null;
        for (DeviceBundle bundle : bundles.devices()) {
            if (!wanted.test(bundle.deviceId())) {
                continue;
            }
            DeviceAddress device = new DeviceAddress(bundles.user(), bundle.deviceId());
            try {
                new SessionBuilder(store, address(device)).process(BundleParser.parse(bundle), clock.instant());
            } catch (UntrustedIdentityException e) {
                changed = changed != null ? changed : identityChanged(device, BundleParser.identityKey(bundle));
            } catch (InvalidKeyException e) {
                throw new HushcallException(ErrorCode.INVALID_KEY, "bundle of " + device + " was refused", e);
            }
        }
        if (changed != null) {
            throw changed;
        }
    }

    /** The devices of {@code user} this device has a session with, ascending. */
    public List<Integer> sessionDevices(String user) {
        return store.sessionDeviceIds(user);
    }

    public synchronized void dropSession(DeviceAddress device) {
        store.deleteSession(address(device));
    }

    /** Seals {@code plaintext} for one device; the session must exist. */
    public synchronized DevicePayload encrypt(DeviceAddress to, byte[] plaintext) {
        try {
            CiphertextMessage message = new SessionCipher(store, address(to)).encrypt(plaintext, clock.instant());
            return new DevicePayload(to.deviceId(), message.getType(), BASE64.encodeToString(message.serialize()));
        } catch (NoSessionException e) {
            throw new HushcallException(ErrorCode.INVALID_STATE, "no session with " + to, e);
        } catch (UntrustedIdentityException e) {
            throw identityChanged(to, e.getUntrustedIdentity());
        }
    }

    /**
     * Opens a payload from {@code from}. Empty when it is a replay of one already opened, which happens
     * when the server redelivers a frame whose ack it never got.
     */
    public synchronized Optional<Decrypted> decrypt(DeviceAddress from, DevicePayload payload) {
        byte[] body = BASE64_DECODER.decode(payload.body());
        SessionCipher cipher = new SessionCipher(store, address(from));
        PreKeySignalMessage preKeyMessage = null;
        try {
            if (payload.cipherType() == DevicePayload.PREKEY_TYPE) {
                preKeyMessage = new PreKeySignalMessage(body);
                return Optional.of(new Decrypted(cipher.decrypt(preKeyMessage), true));
            }
            return Optional.of(new Decrypted(cipher.decrypt(new SignalMessage(body)), false));
        } catch (DuplicateMessageException e) {
            return Optional.empty();
        } catch (UntrustedIdentityException e) {
            throw identityChanged(from, preKeyMessage != null ? preKeyMessage.getIdentityKey() : null);
        } catch (InvalidMessageException | InvalidVersionException | LegacyMessageException | InvalidKeyException
                 | InvalidKeyIdException | NoSessionException e) {
            throw new HushcallException(ErrorCode.BAD_PAYLOAD, "cannot decrypt a payload from " + from + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Accepts the changed identity key of {@code contact}: the old session is dropped and the next one is
     * built with the new key. Returns false when no change is pending for it.
     */
    public synchronized boolean trustChangedIdentity(DeviceAddress contact) {
        IdentityKey key = changedIdentities.remove(contact);
        if (key == null) {
            return false;
        }
        store.trustIdentity(address(contact), key);
        store.deleteSession(address(contact));
        return true;
    }

    /** The safety number shared with {@code contact}; empty until this device has seen its identity key. */
    public Optional<String> safetyNumber(String localUser, DeviceAddress contact) {
        IdentityKey remote = store.getIdentity(address(contact));
        if (remote == null) {
            return Optional.empty();
        }
        return Optional.of(SafetyNumbers.of(localUser, store.getIdentityKeyPair().getPublicKey(),
                contact.user(), remote));
    }

    private IdentityKeyChangedException identityChanged(DeviceAddress device, IdentityKey newKey) {
        if (newKey != null) {
            changedIdentities.put(device, newKey);
        }
        identityChanged.accept(device);
        return new IdentityKeyChangedException(device);
    }

    private static SignalProtocolAddress address(DeviceAddress device) {
        return new SignalProtocolAddress(device.user(), device.deviceId());
    }
}
