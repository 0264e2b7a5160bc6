package dev.hushcall.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.client.IdentityKeyChangedException;
import dev.hushcall.client.testing.TestDevice;
import dev.hushcall.protocol.DevicePayload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionCryptoTest {

    private final TestDevice alice = TestDevice.create("alice", 1);
    private final TestDevice bob = TestDevice.create("bob", 1);

    @Test
    void sessionBuiltFromABundleDecryptsTheFirstMessage() {
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        DevicePayload first = alice.crypto.encrypt(bob.address, bytes("v=0 offer"));

        assertThat(first.cipherType()).isEqualTo(DevicePayload.PREKEY_TYPE);
        Decrypted opened = bob.crypto.decrypt(alice.address, first).orElseThrow();
        assertThat(text(opened)).isEqualTo("v=0 offer");
        assertThat(opened.usedOneTimeKeys()).isTrue();
    }

    @Test
    void laterMessagesFlowBothWaysEvenOutOfOrder() {
        openSession();

        DevicePayload answer = bob.crypto.encrypt(alice.address, bytes("answer"));
        assertThat(answer.cipherType()).isEqualTo(DevicePayload.SIGNAL_TYPE);
        assertThat(text(alice.crypto.decrypt(bob.address, answer).orElseThrow())).isEqualTo("answer");

        DevicePayload ice1 = alice.crypto.encrypt(bob.address, bytes("ice-1"));
        DevicePayload ice2 = alice.crypto.encrypt(bob.address, bytes("ice-2"));
        DevicePayload ice3 = alice.crypto.encrypt(bob.address, bytes("ice-3"));
        assertThat(ice1.cipherType()).isEqualTo(DevicePayload.SIGNAL_TYPE);
        assertThat(text(bob.crypto.decrypt(alice.address, ice3).orElseThrow())).isEqualTo("ice-3");
        assertThat(text(bob.crypto.decrypt(alice.address, ice1).orElseThrow())).isEqualTo("ice-1");
        assertThat(text(bob.crypto.decrypt(alice.address, ice2).orElseThrow())).isEqualTo("ice-2");
        assertThat(text(alice.crypto.decrypt(bob.address, bob.crypto.encrypt(alice.address, bytes("ok")))
                .orElseThrow())).isEqualTo("ok");
    }

    @Test
    void aRedeliveredPayloadIsRecognisedAsAReplay() {
        openSession();
        DevicePayload ice = alice.crypto.encrypt(bob.address, bytes("ice"));

        assertThat(bob.crypto.decrypt(alice.address, ice)).isPresent();
        assertThat(bob.crypto.decrypt(alice.address, ice)).isEmpty();
    }

    @Test
    void bothSidesComputeTheSameSafetyNumber() {
        openSession();

        String seenByAlice = alice.crypto.safetyNumber("alice", bob.address).orElseThrow();
        String seenByBob = bob.crypto.safetyNumber("bob", alice.address).orElseThrow();
        assertThat(seenByAlice).hasSize(60).containsOnlyDigits().isEqualTo(seenByBob);
    }

    @Test
    void aChangedIdentityKeyIsReportedNotTrustedAndChangesTheSafetyNumber() {
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        String before = alice.crypto.safetyNumber("alice", bob.address).orElseThrow();

        bob.reRegister();
        assertThatThrownBy(() -> alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true))
                .isInstanceOf(IdentityKeyChangedException.class);
        assertThat(alice.identityChanges).containsExactly(bob.address);
        assertThat(alice.crypto.safetyNumber("alice", bob.address)).contains(before);

        assertThat(alice.crypto.trustChangedIdentity(bob.address)).isTrue();
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        String after = alice.crypto.safetyNumber("alice", bob.address).orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(text(bob.crypto.decrypt(alice.address, alice.crypto.encrypt(bob.address, bytes("hi")))
                .orElseThrow())).isEqualTo("hi");
    }

    @Test
    void aFirstMessageFromAContactWithAChangedKeyIsRefused() {
        openSession();

        alice.reRegister();
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        DevicePayload fromNewAlice = alice.crypto.encrypt(bob.address, bytes("offer again"));

        assertThatThrownBy(() -> bob.crypto.decrypt(alice.address, fromNewAlice))
                .isInstanceOf(IdentityKeyChangedException.class);
        assertThat(bob.identityChanges).containsExactly(alice.address);
    }

    @Test
    void whenOneTimeKeysRunOutTheLastResortKyberKeyStillOpensSessions() {
        for (int i = 0; i < 7; i++) {
            TestDevice caller = TestDevice.create("caller" + i, 1);
            caller.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
            Decrypted opened = bob.crypto.decrypt(caller.address, caller.crypto.encrypt(bob.address, bytes("x" + i)))
                    .orElseThrow();
            assertThat(text(opened)).isEqualTo("x" + i);
        }
    }

    /** Alice builds a session from Bob's bundle and Bob opens her first message. */
    private void openSession() {
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        bob.crypto.decrypt(alice.address, alice.crypto.encrypt(bob.address, bytes("offer")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Decrypted d) {
        return new String(d.plaintext(), StandardCharsets.UTF_8);
    }
}
