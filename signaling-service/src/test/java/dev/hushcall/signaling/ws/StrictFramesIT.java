package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Frames the protocol does not allow (issue 15, item 9), sent to a real node: each is refused with its code and, when
 * its id can be read, its ref; none is acted on, and the sentences name no Java class and echo nothing unvalidated.
 */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class StrictFramesIT {

    private static final String BODY = "AAECAwQFBgcICQ==";

    @LocalServerPort
    int port;

    private TestDevices devices;

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
    }

    private static String ice(String id, String callId, String deviceId, String cipherType) {
        return "{\"type\":\"call.ice\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"payloads\":[{\"deviceId\":"
                + deviceId + ",\"cipherType\":" + cipherType + ",\"body\":\"" + BODY + "\"}]}";
    }

    private static JsonNode error(RawSocket socket) throws InterruptedException {
        return socket.await(f -> f.path("type").asString().equals("error"));
    }

    /** The refusal of frame {@code id}: an error (never an ack) whose sentence names no Java type. */
    private static String refusal(RawSocket socket, String id) throws InterruptedException {
        JsonNode reply = socket.replyTo(id);
        assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("error");
        assertThat(reply.path("message").asString()).as(reply.toString()).isNotBlank()
                .doesNotContain("dev.hushcall").doesNotContain("$").doesNotContain("ClientMessage")
                .doesNotContain("DevicePayload");
        return reply.path("code").asString();
    }

    @Test
    void aFrameTheProtocolDoesNotAllowIsRefusedAndNotActedOn(CapturedOutput output) throws Exception {
        var carol = devices.register("strict-carol", 1);
        var dave = devices.register("strict-dave", 1);
        try (RawSocket carolSocket = devices.connect(carol); RawSocket daveSocket = devices.connect(dave)) {
            carolSocket.send("{\"type\":\"call.offer\",\"id\":\"c1\",\"callId\":\"call-strict-1\",\"to\":\"strict-dave\","
                    + "\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}]}");
            assertThat(carolSocket.replyTo("c1").path("type").asString()).isEqualTo("ack");
            daveSocket.await(f -> f.path("type").asString().equals("call.offer"));

            // A hang-up in an array: Jackson would read the type id from it; the node used to hang the call up.
            carolSocket.send("[\"call.hangup\",{\"id\":\"c2\",\"callId\":\"call-strict-1\"}]");
            JsonNode array = error(carolSocket);
            assertThat(array.path("code").asString()).isEqualTo("invalid_message");
            assertThat(array.has("ref")).as("no id can be read from an array").isFalse();

            carolSocket.send("{\"type\":\"call.hangup\",\"id\":7,\"callId\":\"call-strict-1\"}");
            JsonNode numeric = error(carolSocket);
            assertThat(numeric.path("code").asString()).isEqualTo("invalid_message");
            assertThat(numeric.has("ref")).as("a number is not an id, and is not echoed").isFalse();

            for (String cipherType : List.of("\"3\"", "3.0", "2.5", "true")) {
                String id = "ct-" + cipherType.replaceAll("[^0-9a-z]", "");
                carolSocket.send(ice(id, "call-strict-1", "1", cipherType));
                assertThat(refusal(carolSocket, id)).as(cipherType).isEqualTo("invalid_message");
            }
            for (String deviceId : List.of("\"1\"", "1.0", "1.5")) {
                String id = "dev-" + deviceId.replaceAll("[^0-9]", "");
                carolSocket.send(ice(id, "call-strict-1", deviceId, "2"));
                assertThat(refusal(carolSocket, id)).as(deviceId).isEqualTo("invalid_message");
            }

            // Duplicate keys: first "type" wins in one parser, last in another; a filtering proxy and the node disagree.
            carolSocket.send("{\"type\":\"ping\",\"id\":\"dup-1\",\"type\":\"call.hangup\",\"callId\":\"call-strict-1\"}");
            assertThat(refusal(carolSocket, "dup-1")).isEqualTo("bad_json");
            carolSocket.send("{\"type\":\"call.hangup\",\"id\":\"dup-2\",\"callId\":\"call-strict-1\","
                    + "\"callId\":\"call-strict-9\"}");
            assertThat(refusal(carolSocket, "dup-2")).isEqualTo("bad_json");
            carolSocket.send("{\"type\":\"ping\",\"id\":\"dup-3\",\"id\":\"dup-4\"}");
            JsonNode twoIds = error(carolSocket);
            assertThat(twoIds.path("code").asString()).isEqualTo("bad_json");
            assertThat(twoIds.has("ref")).as("which id would it be?").isFalse();

            carolSocket.send(ice("b64", "call-strict-1", "1", "2").replace(BODY, "AAECAwQFBgcICR=="));
            assertThat(refusal(carolSocket, "b64")).as("base64 with left-over bits set").isEqualTo("bad_payload");
            carolSocket.send(ice("b64url", "call-strict-1", "1", "2").replace(BODY, "AAECAwQFBgcICQ"));
            assertThat(refusal(carolSocket, "b64url")).as("base64 without padding").isEqualTo("bad_payload");

            carolSocket.send("{\"type\":\"ping\",\"id\":\"trail\"} {\"type\":\"ping\",\"id\":\"trail-2\"}");
            assertThat(refusal(carolSocket, "trail")).isEqualTo("bad_json");

            // The call is untouched: nothing above ended it, and carol can still use it.
            carolSocket.send(ice("c3", "call-strict-1", "1", "2"));
            assertThat(carolSocket.replyTo("c3").path("type").asString()).isEqualTo("ack");
            JsonNode next = daveSocket.await(f -> !f.path("type").asString().equals("call.offer"));
            assertThat(next.path("type").asString()).as("dave's next frame is carol's ICE, no call.ended")
                    .isEqualTo("call.ice");
        }
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void brokenAndOversizedFramesCarryTheirRefWhenTheIdCanBeRead() throws Exception {
        var erin = devices.register("strict-erin", 1);
        try (RawSocket socket = devices.connect(erin)) {
            socket.send("{\"type\":\"ping\",\"id\":\"broken-1\"");
            assertThat(refusal(socket, "broken-1")).isEqualTo("bad_json");
            socket.send("{\"type\":\"ping\",\"id\":\"big-1\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(refusal(socket, "big-1")).isEqualTo("frame_too_large");
            socket.send("{\"type\":\"call.teleport\",\"id\":\"tp-1\"}");
            JsonNode unknown = socket.replyTo("tp-1");
            assertThat(unknown.path("code").asString()).isEqualTo("unknown_type");
            assertThat(unknown.path("message").asString()).doesNotContain("teleport");
            socket.send("{\"type\":\"ping\",\"id\":\"bad id\"}");
            JsonNode badId = error(socket);
            assertThat(badId.path("code").asString()).isEqualTo("invalid_message");
            assertThat(badId.has("ref")).as("an invalid id is never echoed").isFalse();
        }
    }

    @Test
    void anOfferToANameThatIsNoUserIdIsRefusedWithoutEchoingIt() throws Exception {
        var frank = devices.register("strict-frank", 1);
        try (RawSocket socket = devices.connect(frank)) {
            socket.send("{\"type\":\"call.offer\",\"id\":\"o1\",\"callId\":\"call-strict-2\",\"to\":\"bob\\u001b[2J\\r\\nX\","
                    + "\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}]}");
            JsonNode reply = socket.replyTo("o1");
            assertThat(reply.path("code").asString()).isEqualTo("invalid_message");
            assertThat(reply.path("message").asString()).doesNotContain("bob").doesNotContainPattern("\\p{Cntrl}");
            socket.send("{\"type\":\"call.offer\",\"id\":\"o2\",\"callId\":\"call-strict-3\",\"to\":\"nobody-strict\","
                    + "\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}]}");
            JsonNode unknown = socket.replyTo("o2");
            assertThat(unknown.path("code").asString()).isEqualTo("unknown_user");
            assertThat(unknown.path("message").asString()).doesNotContainPattern("\\p{Cntrl}");
        }
    }
}
