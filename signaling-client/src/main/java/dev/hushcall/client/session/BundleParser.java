package dev.hushcall.client.session;

import dev.hushcall.client.HushcallException;
import dev.hushcall.client.api.DeviceBundle;
import dev.hushcall.protocol.ErrorCode;
import java.util.Base64;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/** Turns a REST bundle into libsignal's; a bundle without a Kyber key is refused (X3DH is not accepted). */
final class BundleParser {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private BundleParser() {
    }

    static PreKeyBundle parse(DeviceBundle b) {
        if (b.signedPreKey() == null || b.kyberPreKey() == null || b.identityKey() == null) {
            throw new HushcallException(ErrorCode.INVALID_KEY, "bundle of device " + b.deviceId()
                    + " lacks its identity, signed or Kyber prekey");
        }
        try {
            int preKeyId = b.preKey() == null ? PreKeyBundle.NULL_PRE_KEY_ID : b.preKey().keyId();
            ECPublicKey preKey = b.preKey() == null ? null : new ECPublicKey(bytes(b.preKey().publicKey()));
            return new PreKeyBundle(b.registrationId(), b.deviceId(), preKeyId, preKey,
                    b.signedPreKey().keyId(), new ECPublicKey(bytes(b.signedPreKey().publicKey())),
                    bytes(b.signedPreKey().signature()), new IdentityKey(bytes(b.identityKey())),
                    b.kyberPreKey().keyId(), new KEMPublicKey(bytes(b.kyberPreKey().publicKey())),
                    bytes(b.kyberPreKey().signature()));
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new HushcallException(ErrorCode.INVALID_KEY, "bundle of device " + b.deviceId()
                    + " holds a malformed key", e);
        }
    }

    static IdentityKey identityKey(DeviceBundle b) {
        try {
            return new IdentityKey(bytes(b.identityKey()));
        } catch (InvalidKeyException e) {
            throw new HushcallException(ErrorCode.INVALID_KEY, "malformed identity key", e);
        }
    }

    private static byte[] bytes(String base64) {
        return BASE64.decode(base64);
    }
}
