package dev.hushcall.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.testing.TestDevice;
import dev.hushcall.protocol.DevicePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyValueStoreTest {

    @TempDir
    Path root;

    @Test
    void valuesRoundTripAndLeaveNoTemporaryFilesBehind() throws Exception {
        FileKeyValueStore store = FileKeyValueStore.open(root, "alice@example.com");
        store.put("sessions", "bob.example.1", new byte[] {1, 2, 3});
        store.put("sessions", "bob.example.1", new byte[] {4, 5});
        store.put("sessions", "carol/../2", new byte[] {6});

        FileKeyValueStore reopened = FileKeyValueStore.open(root, "alice@example.com");
        assertThat(reopened.get("sessions", "bob.example.1")).hasValueSatisfying(v -> assertThat(v).containsExactly(4, 5));
        assertThat(reopened.keys("sessions")).containsExactlyInAnyOrder("bob.example.1", "carol/../2");
        reopened.delete("sessions", "carol/../2");
        assertThat(reopened.get("sessions", "carol/../2")).isEmpty();
        assertThat(reopened.keys("nothing-here")).isEmpty();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void eachAccountGetsItsOwnDirectory() {
        FileKeyValueStore.open(root, "alice").put("account", "deviceId", "1".getBytes(StandardCharsets.US_ASCII));
        assertThat(FileKeyValueStore.open(root, "bob").get("account", "deviceId")).isEmpty();
    }

    @Test
    void aDeviceReloadedFromItsFilesKeepsDecrypting() {
        TestDevice alice = TestDevice.create("alice", 1, FileKeyValueStore.open(root, "alice"));
        TestDevice bob = TestDevice.create("bob", 1, FileKeyValueStore.open(root, "bob"));
        alice.crypto.buildSessions(TestDevice.bundles(bob), id -> true);
        DevicePayload offer = alice.crypto.encrypt(bob.address, bytes("offer"));
        DevicePayload ice = alice.crypto.encrypt(bob.address, bytes("ice"));

        var bobAfterRestart = new dev.hushcall.client.session.SessionCrypto(
                new SignalStore(FileKeyValueStore.open(root, "bob")), TestDevice.CLOCK, a -> { });
        assertThat(text(bobAfterRestart.decrypt(alice.address, offer).orElseThrow().plaintext())).isEqualTo("offer");

        var bobAfterSecondRestart = new dev.hushcall.client.session.SessionCrypto(
                new SignalStore(FileKeyValueStore.open(root, "bob")), TestDevice.CLOCK, a -> { });
        assertThat(text(bobAfterSecondRestart.decrypt(alice.address, ice).orElseThrow().plaintext())).isEqualTo("ice");
        DevicePayload answer = bobAfterSecondRestart.encrypt(alice.address, bytes("answer"));
        assertThat(text(alice.crypto.decrypt(bob.address, answer).orElseThrow().plaintext())).isEqualTo("answer");
        assertThat(new SignalStore(FileKeyValueStore.open(root, "bob")).account().deviceId()).hasValue(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
