package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

class KeyValidatorTest {

    private final KeyValidator validator = new KeyValidator(100);
    private final TestDevice device = TestDevice.withKeys(3, 3);

    @Test
    void goodRegistrationIsAcceptedWithEveryKeyAsSent() {
        DeviceRegistration request = device.registration();

        KeyValidator.Registration registration = validator.registration(request);

        assertThat(registration.keys()).isEqualTo(new DeviceKeys(4711, device.identityKey(),
                request.signedPreKey(), request.kyberLastResortPreKey()));
        assertThat(registration.oneTimeKeys().preKeys()).isEqualTo(request.preKeys());
        assertThat(registration.oneTimeKeys().kyberPreKeys()).isEqualTo(request.kyberPreKeys());
    }

    @Test
    void registrationWithoutOneTimeKeysIsAccepted() {
        DeviceRegistration request = with(device.registration(), null, null);

        assertThat(validator.registration(request).oneTimeKeys()).isEqualTo(OneTimeKeys.NONE);
    }

    @Test
    void signedPreKeySignedByAnotherIdentityIsRefused() {
        TestDevice other = TestDevice.withKeys(0, 0);
        DeviceRegistration good = device.registration();
        DeviceRegistration request = new DeviceRegistration(good.registrationId(), good.identityKey(),
                other.signed(1, device.signedPreKey), good.kyberLastResortPreKey(), null, null);

        assertRefused(() -> validator.registration(request), ErrorCode.INVALID_KEY_SIGNATURE, "signedPreKey (keyId 1)");
    }

    @Test
    void kyberPreKeyWithABadSignatureIsRefusedNamingItsKeyId() {
        List<SignedPreKey> kyber = new ArrayList<>(device.kyberPreKeyList());
        SignedPreKey third = kyber.get(2);
        kyber.set(2, new SignedPreKey(third.keyId(), third.publicKey(), kyber.get(0).signature()));

        assertRefused(() -> validator.registration(with(device.registration(), null, kyber)),
                ErrorCode.INVALID_KEY_SIGNATURE, "kyberPreKeys[2] (keyId 4)");
    }

    @Test
    void signatureOfTheWrongLengthIsRefusedAsABadSignature() {
        SignedPreKey good = device.signed(1, device.signedPreKey);
        SignedPreKey shortSignature = new SignedPreKey(1, good.publicKey(), TestDevice.b64(new byte[10]));

        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), shortSignature, null, null, null)),
                ErrorCode.INVALID_KEY_SIGNATURE, "signedPreKey (keyId 1)");
    }

    @Test
    void ecKeyOfferedAsAKyberKeyIsRefusedAsTheWrongType() {
        SignedPreKey ecAsKyber = device.sign(9, ECKeyPair.generate().getPublicKey().serialize());

        assertRefused(() -> validator.registration(with(device.registration(), null, List.of(ecAsKyber))),
                ErrorCode.INVALID_KEY, "not a Kyber1024 public key (type byte 0x08");
    }

    @Test
    void kemKeyOfAnotherTypeIsRefusedEvenWhenWellSigned() {
        byte[] otherKem = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
        otherKem[0] = 0x0A;
        SignedPreKey signed = device.sign(9, otherKem);

        assertRefused(() -> validator.registration(with(device.registration(), null, List.of(signed))),
                ErrorCode.INVALID_KEY, "other KEM types are not accepted");
    }

    @Test
    void kyberKeyOfferedAsTheSignedEcPreKeyIsRefused() {
        DeviceRegistration good = device.registration();
        DeviceRegistration request = new DeviceRegistration(good.registrationId(), good.identityKey(),
                device.signed(1, device.lastResort), good.kyberLastResortPreKey(), null, null);

        assertRefused(() -> validator.registration(request), ErrorCode.INVALID_KEY,
                "signedPreKey (keyId 1) is not an EC public key");
    }

    @Test
    void identityKeyWithTrailingBytesIsRefused() {
        byte[] longer = Arrays.copyOf(device.identity.getPublicKey().serialize(), 40);

        assertRefused(() -> validator.update(new KeyUpload(TestDevice.b64(longer), null, null, null, null)),
                ErrorCode.INVALID_KEY, "identityKey is not an EC public key");
    }

    @Test
    void moreThanOneHundredOneTimeKeysOfEitherKindAreRefused() {
        TestDevice big = TestDevice.withKeys(101, 0);

        assertRefused(() -> validator.registration(big.registration()), ErrorCode.TOO_MANY_PREKEYS, "101");
        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), null, null, null,
                java.util.Collections.nCopies(101, device.kyberPreKeyList().get(0)))), ErrorCode.TOO_MANY_PREKEYS,
                "at most 100");
    }

    @Test
    void malformedOrUnpaddedBase64IsRefusedAsAnInvalidKey() {
        assertRefused(() -> validator.update(new KeyUpload("not base64!", null, null, null, null)),
                ErrorCode.INVALID_KEY, "identityKey is not standard base64");
        SignedPreKey good = device.signed(1, device.signedPreKey);
        SignedPreKey unpadded = new SignedPreKey(1, good.publicKey(), good.signature().replace("=", ""));
        assertThat(good.signature()).endsWith("==");
        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), unpadded, null, null, null)),
                ErrorCode.INVALID_KEY, "signedPreKey (keyId 1).signature is not standard base64");
        List<PreKey> bad = List.of(new PreKey(5, "BQ@@"));
        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), null, null, bad, null)),
                ErrorCode.INVALID_KEY, "preKeys[0] (keyId 5).publicKey is not standard base64");
    }

    @Test
    void repeatedKeyIdsInOneBatchAreRefused() {
        List<PreKey> twice = List.of(device.preKeyList().get(0), new PreKey(1, device.preKeyList().get(1).publicKey()));

        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), null, null, twice, null)),
                ErrorCode.INVALID_KEY, "preKeys[1] repeats keyId 1");
    }

    @Test
    void oneTimeKyberKeyReusingTheLastResortIdIsRefused() {
        List<SignedPreKey> clash = List.of(device.signed(TestDevice.LAST_RESORT_ID, device.kyberPreKeys.get(2)));

        assertRefused(() -> validator.registration(with(device.registration(), null, clash)),
                ErrorCode.INVALID_KEY, "kyberPreKeys[0] repeats keyId 1");
    }

    @Test
    void keyIdsOutsideLibsignalsRangeAreRefused() {
        String key = device.preKeyList().get(0).publicKey();

        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), null, null,
                List.of(new PreKey(0x1000000, key)), null)), ErrorCode.INVALID_KEY, "0 to 16777215");
        assertRefused(() -> validator.update(new KeyUpload(device.identityKey(), null, null,
                List.of(new PreKey(-1, key)), null)), ErrorCode.INVALID_KEY, "0 to 16777215");
    }

    @Test
    void registrationIdOutsideOneTo16380IsRefused() {
        DeviceRegistration good = device.registration();
        for (int registrationId : new int[] {0, 16381}) {
            DeviceRegistration request = new DeviceRegistration(registrationId, good.identityKey(),
                    good.signedPreKey(), good.kyberLastResortPreKey(), null, null);
            assertRefused(() -> validator.registration(request), ErrorCode.INVALID_MESSAGE, "1 to 16380");
        }
    }

    @Test
    void registrationWithoutALastResortKyberKeyIsRefused() {
        DeviceRegistration good = device.registration();
        DeviceRegistration request = new DeviceRegistration(good.registrationId(), good.identityKey(),
                good.signedPreKey(), null, null, null);

        assertRefused(() -> validator.registration(request), ErrorCode.INVALID_MESSAGE,
                "kyberLastResortPreKey is required");
    }

    @Test
    void uploadOfOnlyOneTimeKeysKeepsTheSignedKeysAsTheyAre() {
        KeyUpdate update = validator.update(device.upload());

        assertThat(update.identityKey()).isEqualTo(device.identityKey());
        assertThat(update.signedPreKey()).isNull();
        assertThat(update.kyberLastResortPreKey()).isNull();
        assertThat(update.oneTimeKeys().kyberPreKeys()).hasSize(3);
    }

    @Test
    void uploadSignedByAnotherIdentityThanTheOneItNamesIsRefused() {
        IdentityKeyPair stranger = IdentityKeyPair.generate();
        KeyUpload request = new KeyUpload(TestDevice.b64(stranger.getPublicKey().serialize()), null, null, null,
                device.kyberPreKeyList());

        assertRefused(() -> validator.update(request), ErrorCode.INVALID_KEY_SIGNATURE, "kyberPreKeys[0] (keyId 2)");
    }

    private static DeviceRegistration with(DeviceRegistration r, List<PreKey> preKeys, List<SignedPreKey> kyber) {
        return new DeviceRegistration(r.registrationId(), r.identityKey(), r.signedPreKey(),
                r.kyberLastResortPreKey(), preKeys, kyber);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String sentencePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(sentencePart);
        });
    }
}
