package dev.hushcall.signaling.keys;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.springframework.http.HttpStatus;

/**
 * Turns client uploads into verified keys, or refuses them whole with a sentence naming the key at fault.
 * Every key is parsed by libsignal and every signature verified against the identity key in the same
 * request, so nothing unverifiable is ever stored or handed to a caller.
 */
final class KeyValidator {

    /** Signal clients draw prekey ids from libsignal's 24-bit "Medium" range. */
    static final int MAX_KEY_ID = 0xFFFFFF;
    /** The range libsignal's {@code KeyHelper.generateRegistrationId} draws from. */
    static final int MAX_REGISTRATION_ID = 16380;
    private static final int EC_KEY_BYTES = 33;
    private static final int KYBER_KEY_BYTES = 1569;
    private static final int SIGNATURE_BYTES = 64;
    private static final byte EC_TYPE = 0x05;
    private static final byte KYBER_1024_TYPE = 0x08;

    /** A verified registration: the device's long-lived keys and its first one-time keys. */
    record Registration(DeviceKeys keys, OneTimeKeys oneTimeKeys) {
    }

    private final int maxPreKeysPerUpload;

    KeyValidator(int maxPreKeysPerUpload) {
        this.maxPreKeysPerUpload = maxPreKeysPerUpload;
    }

    Registration registration(DeviceRegistration request) {
        require(request != null, "a request body is required");
        checkCounts(request.preKeys(), request.kyberPreKeys());
        Integer registrationId = request.registrationId();
        require(registrationId != null, "registrationId is required");
        if (registrationId < 1 || registrationId > MAX_REGISTRATION_ID) {
            throw invalid(ErrorCode.INVALID_MESSAGE, "registrationId must be 1 to " + MAX_REGISTRATION_ID);
        }
        IdentityKey identity = identityKey(request.identityKey());
        require(request.signedPreKey() != null, "signedPreKey is required");
        require(request.kyberLastResortPreKey() != null, "kyberLastResortPreKey is required");
        SignedPreKey signed = signedEcKey("signedPreKey", request.signedPreKey(), identity);
        SignedPreKey lastResort = kyberKey("kyberLastResortPreKey", request.kyberLastResortPreKey(), identity);
        OneTimeKeys oneTime = oneTimeKeys(request.preKeys(), request.kyberPreKeys(), lastResort, identity);
        return new Registration(new DeviceKeys(registrationId, request.identityKey(), signed, lastResort), oneTime);
    }

    KeyUpdate update(KeyUpload request) {
        require(request != null, "a request body is required");
        checkCounts(request.preKeys(), request.kyberPreKeys());
        IdentityKey identity = identityKey(request.identityKey());
        SignedPreKey signed = request.signedPreKey() == null
                ? null : signedEcKey("signedPreKey", request.signedPreKey(), identity);
        SignedPreKey lastResort = request.kyberLastResortPreKey() == null
                ? null : kyberKey("kyberLastResortPreKey", request.kyberLastResortPreKey(), identity);
        OneTimeKeys oneTime = oneTimeKeys(request.preKeys(), request.kyberPreKeys(), lastResort, identity);
        return new KeyUpdate(request.identityKey(), signed, lastResort, oneTime);
    }

    private void checkCounts(List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys) {
        int ec = preKeys == null ? 0 : preKeys.size();
        int kyber = kyberPreKeys == null ? 0 : kyberPreKeys.size();
        if (ec > maxPreKeysPerUpload || kyber > maxPreKeysPerUpload) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.TOO_MANY_PREKEYS,
                    "upload at most " + maxPreKeysPerUpload + " preKeys and " + maxPreKeysPerUpload
                            + " kyberPreKeys at a time; this request has " + ec + " and " + kyber);
        }
    }

    private OneTimeKeys oneTimeKeys(List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys, SignedPreKey lastResort,
                                    IdentityKey identity) {
        List<PreKey> ec = preKeys == null ? List.of() : preKeys;
        List<SignedPreKey> kyber = kyberPreKeys == null ? List.of() : kyberPreKeys;
        Set<Integer> ecIds = new HashSet<>();
        for (int i = 0; i < ec.size(); i++) {
            PreKey key = ec.get(i);
            String field = "preKeys[" + i + "]";
            require(key != null, field + " is null");
            unique(field, key.keyId(), ecIds);
            String named = field + " (keyId " + key.keyId() + ")";
            ecKey(named, decode(named + ".publicKey", key.publicKey()));
        }
        // One-time and last-resort Kyber keys share one id space in libsignal's KyberPreKeyStore.
        Set<Integer> kyberIds = new HashSet<>();
        if (lastResort != null) {
            kyberIds.add(lastResort.keyId());
        }
        for (int i = 0; i < kyber.size(); i++) {
            SignedPreKey key = kyber.get(i);
            String field = "kyberPreKeys[" + i + "]";
            require(key != null, field + " is null");
            unique(field, key.keyId(), kyberIds);
            kyberKey(field, key, identity);
        }
        return new OneTimeKeys(ec, kyber);
    }

    private static void unique(String field, Integer keyId, Set<Integer> seen) {
        keyId(field, keyId);
        if (!seen.add(keyId)) {
            throw invalid(ErrorCode.INVALID_KEY, field + " repeats keyId " + keyId + "; key ids must be unique");
        }
    }

    private static void keyId(String field, Integer keyId) {
        require(keyId != null, field + ".keyId is required");
        if (keyId < 0 || keyId > MAX_KEY_ID) {
            throw invalid(ErrorCode.INVALID_KEY, field + ".keyId must be 0 to " + MAX_KEY_ID);
        }
    }

    private static IdentityKey identityKey(String base64) {
        byte[] bytes = ecKey("identityKey", decode("identityKey", base64));
        try {
            return new IdentityKey(bytes);
        } catch (InvalidKeyException e) {
            throw invalid(ErrorCode.INVALID_KEY, "identityKey is not a valid EC public key");
        }
    }

    private static SignedPreKey signedEcKey(String field, SignedPreKey key, IdentityKey identity) {
        keyId(field, key.keyId());
        String named = field + " (keyId " + key.keyId() + ")";
        verify(named, ecKey(named, decode(named + ".publicKey", key.publicKey())), key.signature(), identity);
        return key;
    }

    /** Checks a Kyber key: its id, its type and its signature. */
    private static SignedPreKey kyberKey(String field, SignedPreKey key, IdentityKey identity) {
        keyId(field, key.keyId());
        String named = field + " (keyId " + key.keyId() + ")";
        byte[] bytes = decode(named + ".publicKey", key.publicKey());
        if (bytes.length != KYBER_KEY_BYTES || bytes[0] != KYBER_1024_TYPE) {
            throw invalid(ErrorCode.INVALID_KEY, named + " is not a Kyber1024 public key (type byte 0x08, "
                    + KYBER_KEY_BYTES + " bytes); other KEM types are not accepted");
        }
        try {
            new KEMPublicKey(bytes);
        } catch (InvalidKeyException e) {
            throw invalid(ErrorCode.INVALID_KEY, named + " is not a valid Kyber1024 public key");
        }
        verify(named, bytes, key.signature(), identity);
        return key;
    }

    /** Parses an EC public key; libsignal tolerates trailing bytes, the protocol does not. */
    private static byte[] ecKey(String named, byte[] bytes) {
        if (bytes.length != EC_KEY_BYTES || bytes[0] != EC_TYPE) {
            throw invalid(ErrorCode.INVALID_KEY, named + " is not an EC public key (type byte 0x05, "
                    + EC_KEY_BYTES + " bytes)");
        }
        try {
            new ECPublicKey(bytes);
        } catch (InvalidKeyException e) {
            throw invalid(ErrorCode.INVALID_KEY, named + " is not a valid EC public key");
        }
        return bytes;
    }

    private static void verify(String field, byte[] publicKey, String signatureBase64, IdentityKey identity) {
        byte[] signature = decode(field + ".signature", signatureBase64);
        if (signature.length != SIGNATURE_BYTES
                || !identity.getPublicKey().verifySignature(publicKey, signature)) {
            throw invalid(ErrorCode.INVALID_KEY_SIGNATURE,
                    field + ": signature does not verify against identityKey");
        }
    }

    /** Standard base64 with padding, in its one canonical spelling, so stored keys compare as strings. */
    private static byte[] decode(String field, String base64) {
        require(base64 != null, field + " is required");
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            if (Base64.getEncoder().encodeToString(bytes).equals(base64)) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw invalid(ErrorCode.INVALID_KEY, field + " is not standard base64 with padding");
    }

    private static void require(boolean condition, String sentence) {
        if (!condition) {
            throw invalid(ErrorCode.INVALID_MESSAGE, sentence);
        }
    }

    private static ApiException invalid(ErrorCode code, String sentence) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, sentence);
    }
}
