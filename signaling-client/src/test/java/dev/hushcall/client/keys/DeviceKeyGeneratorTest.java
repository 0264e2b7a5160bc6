package dev.hushcall.client.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.api.DeviceKeys;
import dev.hushcall.client.api.SignedKey;
import dev.hushcall.client.testing.TestDevice;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;

class DeviceKeyGeneratorTest {

    private final TestDevice device = TestDevice.create("alice", 1);
    private final DeviceKeys keys = device.keys();

    @Test
    void everySignedKeyVerifiesWithTheIdentityKeyInLibsignal() throws Exception {
        ECPublicKey identity = new IdentityKey(decode(keys.identityKey())).getPublicKey();
        Stream.concat(Stream.of(keys.signedPreKey(), keys.kyberLastResortPreKey()), keys.kyberPreKeys().stream())
                .forEach(key -> assertThat(identity.verifySignature(decode(key.publicKey()), decode(key.signature())))
                        .as("signature of key %d", key.keyId()).isTrue());
    }

    @Test
    void keysHaveLibsignalsSerializedForms() throws Exception {
        assertThat(decode(keys.identityKey())).hasSize(33).startsWith((byte) 0x05);
        assertThat(new ECPublicKey(decode(keys.signedPreKey().publicKey())).serialize()).hasSize(33);
        byte[] kyber = decode(keys.kyberLastResortPreKey().publicKey());
        assertThat(new KEMPublicKey(kyber).serialize()).hasSize(1569).startsWith((byte) 0x08);
        assertThat(decode(keys.signedPreKey().signature())).hasSize(64);
    }

    @Test
    void kyberKeyIdsNeverCollideBetweenOneTimeAndLastResortKeys() {
        Set<Integer> ids = new HashSet<>();
        ids.add(keys.kyberLastResortPreKey().keyId());
        keys.kyberPreKeys().stream().map(SignedKey::keyId).forEach(ids::add);
        device.generator().oneTimeKyberPreKeys(3).stream().map(SignedKey::keyId).forEach(ids::add);
        assertThat(ids).hasSize(1 + keys.kyberPreKeys().size() + 3);
    }

    @Test
    void everyGeneratedPrivateKeyIsStoredBeforeItCanBeUploaded() {
        keys.preKeys().forEach(k -> assertThat(device.store.containsPreKey(k.keyId())).isTrue());
        keys.kyberPreKeys().forEach(k -> assertThat(device.store.containsKyberPreKey(k.keyId())).isTrue());
        assertThat(device.store.containsSignedPreKey(keys.signedPreKey().keyId())).isTrue();
        assertThat(device.store.containsKyberPreKey(keys.kyberLastResortPreKey().keyId())).isTrue();
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
