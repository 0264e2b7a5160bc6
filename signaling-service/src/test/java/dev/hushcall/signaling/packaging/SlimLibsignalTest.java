package dev.hushcall.signaling.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * The service runs on libsignal-client-linux (see libsignal-linux/pom.xml), not the full libsignal-client.
 * This proves the slim jar is what the service's classpath holds and that its native loads. It lives with TURN
 * only because TURN's owner built the slim jar; it belongs with whichever feature first uses libsignal.
 */
class SlimLibsignalTest {

    @Test
    void libsignalClassesComeFromTheSlimLinuxJar() {
        String location = IdentityKeyPair.class.getProtectionDomain().getCodeSource().getLocation().toString();

        assertThat(location).contains("libsignal-client-linux");
    }

    @Test
    void theClasspathHoldsNoTestingWindowsOrMacNative() {
        ClassLoader loader = IdentityKeyPair.class.getClassLoader();

        assertThat(loader.getResource("libsignal_jni_amd64.so")).isNotNull();
        assertThat(loader.getResource("libsignal_jni_aarch64.so")).isNotNull();
        assertThat(loader.getResource("libsignal_jni_testing_amd64.so")).isNull();
        assertThat(loader.getResource("libsignal_jni_amd64.dylib")).isNull();
        assertThat(loader.getResource("signal_jni_amd64.dll")).isNull();
    }

    @Test
    void theProductionNativeLoadsAndSignsAndVerifies() {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        ECPublicKey signedPreKey = IdentityKeyPair.generate().getPublicKey().getPublicKey();

        byte[] signature = identity.getPrivateKey().calculateSignature(signedPreKey.serialize());

        assertThat(identity.getPublicKey().getPublicKey().verifySignature(signedPreKey.serialize(), signature)).isTrue();
    }
}
