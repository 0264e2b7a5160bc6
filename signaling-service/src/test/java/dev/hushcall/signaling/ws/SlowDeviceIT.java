package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.testing.ManualUpgrade;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A device that stops reading its socket is disconnected once its frames pile up, without blocking a server thread
 * or the devices calling it; what it missed stays in its mailbox.
 */
@ServiceTest
// The pile-up comes from offers of one caller, which the default call and socket limits would stop long before the
// window fills.
@TestPropertySource(properties = {"hushcall.ws.send-buffer-bytes=65536", "hushcall.limits.offers-per-pair.burst=5000",
        "hushcall.limits.offers-per-device.burst=5000", "hushcall.limits.ringing-per-caller=5000",
        "hushcall.limits.ringing-per-callee=5000", "hushcall.limits.live-calls-per-user=5000",
        "hushcall.limits.bytes-per-socket.burst=20000"})
class SlowDeviceIT {

    @LocalServerPort
    int port;

    @Autowired
    Connections connections;

    /** Opens {@code /v1/ws} by hand with a tiny receive window, reads the 101, and then never reads again. */
    private Socket stalledSocket(String ticket) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        ManualUpgrade.request(socket, port, ticket, null);
        assertThat(ManualUpgrade.responseHead(socket)).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static String offer(String id, String callId, int deviceId, String body) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"sam\","
                + "\"payloads\":[{\"deviceId\":" + deviceId + ",\"cipherType\":3,\"body\":\"" + body + "\"}]}";
    }

    @Test
    void aDeviceThatStopsReadingIsDisconnectedWhileItsCallerCarriesOn() throws Exception {
        TestDevices devices = new TestDevices(port);
        var alice = devices.register("alice", 2);
        var sam = devices.register("sam", 2);
        DeviceAddress samDevice = new DeviceAddress("sam", sam.deviceId());
        byte[] ciphertext = new byte[9000];
        new Random(7).nextBytes(ciphertext);
        String body = Base64.getEncoder().encodeToString(ciphertext);

        try (Socket stalled = stalledSocket(devices.ticket(sam)); RawSocket caller = devices.connect(alice)) {
            assertThat(connections.find(samDevice)).isPresent();
            int offers = 0;
            // Kernel buffers take the first few hundred KB; after that frames wait in the server, up to 64 KB.
            while (connections.find(samDevice).isPresent() && offers < 2000) {
                offers++;
                caller.send(offer("o" + offers, "call-to-sam-" + offers, sam.deviceId(), body));
                assertThat(caller.replyTo("o" + offers).path("type").asString()).isEqualTo("ack");
            }

            assertThat(connections.find(samDevice)).as("sam disconnected after %d offers", offers).isEmpty();
            caller.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
            assertThat(caller.replyTo("still-here").path("type").asString()).isEqualTo("ack");
        }

        // Sam comes back and gets what he missed, from his mailbox.
        try (RawSocket back = devices.connect(sam)) {
            assertThat(back.await(f -> f.path("callId").asString().equals("call-to-sam-1")).path("type").asString())
                    .isEqualTo("call.offer");
        }
    }
}
