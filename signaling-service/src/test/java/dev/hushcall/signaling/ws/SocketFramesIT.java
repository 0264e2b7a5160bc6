package dev.hushcall.signaling.ws;

import static dev.hushcall.signaling.testing.HandFramedSocket.BINARY;
import static dev.hushcall.signaling.testing.HandFramedSocket.CLOSE;
import static dev.hushcall.signaling.testing.HandFramedSocket.CONTINUATION;
import static dev.hushcall.signaling.testing.HandFramedSocket.PING;
import static dev.hushcall.signaling.testing.HandFramedSocket.PONG;
import static dev.hushcall.signaling.testing.HandFramedSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.HandFramedSocket;
import dev.hushcall.signaling.testing.HandFramedSocket.Received;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a device socket does with WebSocket frames as they come off the wire: a message in several frames, a ping,
 * a binary message, text that is not UTF-8, a message past the size limit (docs/protocol.md, "Limits" and "Close
 * codes").
 */
@ServiceTest
class SocketFramesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private TestDevices devices;

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
    }

    private HandFramedSocket connect(String user) throws Exception {
        return HandFramedSocket.open(port, devices.ticket(devices.register(user, 1)));
    }

    private static JsonNode replyTo(HandFramedSocket socket, String id) throws Exception {
        Received reply = socket.await(f -> f.opCode() == TEXT && f.text().contains("\"ref\":\"" + id + "\""));
        return JSON.readTree(reply.text());
    }

    @Test
    void aMessageSentInSeveralFramesIsAnsweredAsOne() throws Exception {
        try (HandFramedSocket socket = connect("frames-fragments")) {
            socket.send(TEXT, false, "{\"type\":\"ping\",");
            socket.send(CONTINUATION, false, "");
            socket.send(CONTINUATION, true, "\"id\":\"in-parts\"}");

            assertThat(replyTo(socket, "in-parts").path("type").asString()).isEqualTo("ack");
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsBytes() throws Exception {
        try (HandFramedSocket socket = connect("frames-ping")) {
            socket.send(PING, true, "are you there");

            Received pong = socket.await(f -> f.opCode() == PONG);

            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void aBinaryMessageGetsInvalidMessageAndTheSocketCarriesOn() throws Exception {
        try (HandFramedSocket socket = connect("frames-binary")) {
            socket.send(BINARY, false, new byte[] {1, 2, 3});
            socket.send(CONTINUATION, true, new byte[] {4});

            JsonNode error = JSON.readTree(socket.await(f -> f.opCode() == TEXT).text());
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("invalid_message");
            assertThat(error.path("message").asString()).contains("binary");
            assertThat(error.has("ref")).as("a binary message is not read, so no id is").isFalse();

            socket.send(TEXT, true, "{\"type\":\"ping\",\"id\":\"after-binary\"}");
            assertThat(replyTo(socket, "after-binary").path("type").asString()).isEqualTo("ack");
        }
    }

    @Test
    void textThatIsNotUtf8ClosesTheSocketWith1007() throws Exception {
        try (HandFramedSocket socket = connect("frames-not-utf8")) {
            socket.send(TEXT, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

            assertThat(socket.await(f -> f.opCode() == CLOSE).closeCode()).isEqualTo(1007);
            // A close for an error does not wait for the device's answer.
            assertThat(socket.untilEnd()).isEmpty();
        }
    }

    @Test
    void aRefusedSocketEndsOnceTheDeviceAnswersItsClose() throws Exception {
        try (HandFramedSocket socket = HandFramedSocket.open(port, "no-such-ticket")) {
            assertThat(socket.await(f -> f.opCode() == CLOSE).closeCode()).isEqualTo(4401);

            socket.sendClose(4401);

            assertThat(socket.untilEnd()).as("ended long before the idle timeout").isEmpty();
        }
    }

    @Test
    void aMessageGrowingPastTheSizeLimitClosesTheSocketWith1009() throws Exception {
        try (HandFramedSocket socket = connect("frames-endless")) {
            String part = "x".repeat(60_000);
            socket.send(TEXT, false, "{\"type\":\"ping\",\"pad\":\"" + part);
            for (int i = 0; i < 4; i++) {
                socket.send(CONTINUATION, false, part);
            }

            // 300,000 bytes and no end in sight; hushcall.ws.max-message-bytes is 262,144.
            assertThat(socket.await(f -> f.opCode() == CLOSE).closeCode()).isEqualTo(1009);
        }
    }
}
