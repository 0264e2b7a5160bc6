package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.HushcallApplication;
import dev.hushcall.signaling.testing.TestDevices;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fuzzes the dispatcher of a real node on its embedded default (memory stores) with Jazzer: two users with two devices
 * each, and frames from the files in {@code DispatcherFuzzTestInputs/} (the first byte picks the sender, even: alice's
 * device 1, odd: bob's; the rest is the frame), mutated. The property: every frame ends in no reply or in one server
 * frame, an error frame's code is never {@code internal} (that is an exception the dispatcher caught as a server
 * fault) and its sentence names no Java class.
 *
 * <p>{@code mvn verify} runs the seeds and fuzzes for {@code fuzz.duration} (10 s). Fuzz longer with
 * {@code mvn -pl signaling-protocol,signaling-service test -Dtest=DispatcherFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.duration=30m}; an input that breaks the property is written to
 * this module's directory as {@code crash-<sha1>}: move it into the inputs directory to keep it as a regression test.
 */
class DispatcherFuzzTest {

    private static ConfigurableApplicationContext node;
    private static Dispatcher dispatcher;
    private static DeviceAddress alice;
    private static DeviceAddress bob;

    @BeforeAll
    static void startANode() {
        node = new SpringApplicationBuilder(HushcallApplication.class).profiles("dev").run(
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--management.server.address=127.0.0.1", "--hushcall.turn.probe.enabled=false",
                "--logging.level.root=WARN", "--logging.level.dev.hushcall=OFF");
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        TestDevices devices = new TestDevices(port);
        alice = address(devices.register("fuzz-alice", 1));
        devices.register("fuzz-alice", 1);
        bob = address(devices.register("fuzz-bob", 1));
        devices.register("fuzz-bob", 1);
        dispatcher = node.getBean(Dispatcher.class);
    }

    private static DeviceAddress address(TestDevices.Device device) {
        return new DeviceAddress(device.user(), device.deviceId());
    }

    @AfterAll
    static void stopTheNode() {
        if (node != null) {
            node.close();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void everyFrameEndsInNoReplyOrAReplyFrameAndNeverInAServerFault(byte[] data) {
        if (data.length == 0) {
            return;
        }
        DeviceAddress from = (data[0] & 1) == 0 ? alice : bob;
        String frame = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        String reply = dispatcher.handle(from, frame);
        if (reply == null) {
            return;
        }
        if (ProtocolJson.decodeServer(reply) instanceof ServerMessage.Error error) {
            assertThat(error.code()).as(reply).isNotEqualTo(ErrorCode.INTERNAL);
            assertThat(error.message()).as(reply).isNotBlank().doesNotContain("dev.hushcall").doesNotContain("$")
                    .doesNotContainPattern("\\p{Cntrl}");
        }
    }
}
