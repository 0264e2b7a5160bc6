package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every client mistake gets its stable code and a sentence, on the offender's socket only: a third
 * party's call in progress carries on, and no stack trace reaches the log.
 */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

    private static final String BODY = "AAECAwQFBgcICQ==";

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    private TestDevices devices;

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
    }

    private static String payloads(int... deviceIds) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < deviceIds.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"deviceId\":").append(deviceIds[i])
                    .append(",\"cipherType\":3,\"body\":\"").append(BODY).append("\"}");
        }
        return json.append("]").toString();
    }

    private static String offer(String id, String callId, String to, String payloads) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to
                + "\",\"payloads\":" + payloads + "}";
    }

    private static String code(RawSocket socket, String id) throws InterruptedException {
        JsonNode reply = socket.replyTo(id);
        assertThat(reply.path("message").asString("")).as("a sentence comes with " + reply).isNotBlank();
        return reply.path("type").asString().equals("ack") ? "ack" : reply.path("code").asString();
    }

    @Test
    void everyBadFrameGetsItsCodeAndAThirdPartysCallCarriesOn(CapturedOutput output) throws Exception {
        var carol = devices.register("carol", 2);
        var dave = devices.register("dave", 2);
        var mallory = devices.register("mallory", 2);
        try (RawSocket carolSocket = devices.connect(carol); RawSocket daveSocket = devices.connect(dave);
             RawSocket bad = devices.connect(mallory)) {
            carolSocket.send(offer("c1", "call-carol-dave", "dave", payloads(1)));
            assertThat(carolSocket.replyTo("c1").path("type").asString()).isEqualTo("ack");
            daveSocket.await(f -> f.path("type").asString().equals("call.offer"));
            daveSocket.send("{\"type\":\"call.answer\",\"id\":\"d1\",\"callId\":\"call-carol-dave\",\"payloads\":"
                    + payloads(1).replace("\"cipherType\":3", "\"cipherType\":2") + "}");
            assertThat(daveSocket.replyTo("d1").path("type").asString()).isEqualTo("ack");

            bad.send("{\"type\":\"ping\",\"id\":\"b1\"");
            assertThat(bad.await(f -> f.path("type").asString().equals("error")).path("code").asString())
                    .isEqualTo("bad_json");
            bad.send("{\"type\":\"call.teleport\",\"id\":\"b2\"}");
            assertThat(code(bad, "b2")).isEqualTo("unknown_type");
            bad.send("{\"type\":\"ping\",\"id\":\"b3\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(bad.await(f -> f.path("type").asString().equals("error")).path("code").asString())
                    .isEqualTo("frame_too_large");
            bad.send(offer("b4", "call-mallory-1", "dave",
                    "[{\"deviceId\":1,\"cipherType\":3,\"body\":\"%%%not-base64%%%\"}]"));
            assertThat(code(bad, "b4")).isEqualTo("bad_payload");
            bad.send("{\"type\":\"call.ice\",\"id\":\"b5\",\"callId\":\"call-nobody-knows\",\"payloads\":" + payloads(1) + "}");
            assertThat(code(bad, "b5")).isEqualTo("unknown_call");
            bad.send("{\"type\":\"call.ice\",\"id\":\"b6\",\"callId\":\"call-carol-dave\",\"payloads\":" + payloads(1) + "}");
            assertThat(code(bad, "b6")).isEqualTo("not_in_call");
            bad.send("{\"type\":\"call.hangup\",\"id\":\"b7\",\"callId\":\"call-carol-dave\"}");
            assertThat(code(bad, "b7")).isEqualTo("not_in_call");
            bad.send(offer("b8", "call-mallory-2", "dave", payloads(1, 2)));
            JsonNode mismatch = bad.replyTo("b8");
            assertThat(mismatch.path("code").asString()).isEqualTo("device_mismatch");
            assertThat(mismatch.path("extraDevices").get(0).asInt()).isEqualTo(2);
            bad.send(offer("b9", "call-mallory-3", "nobody-at-all", payloads(1)));
            assertThat(code(bad, "b9")).isEqualTo("unknown_user");
            bad.send(offer("b10", "call-mallory-4", "mallory", payloads(1)));
            assertThat(code(bad, "b10")).isEqualTo("self_call");
            bad.send("{\"type\":\"call.hangup\",\"id\":\"b11\",\"callId\":\"bad id with spaces\"}");
            assertThat(code(bad, "b11")).isEqualTo("invalid_message");

            Map<String, Object> forged = new HashMap<>(TestDevices.registration(1));
            Map<?, ?> signed = (Map<?, ?>) forged.get("signedPreKey");
            forged.put("signedPreKey", Map.of("keyId", 7, "publicKey", signed.get("publicKey"),
                    "signature", Base64.getEncoder().encodeToString(new byte[64])));
            TestDevices.Answer refused = devices.postExpectingAnything("/v1/devices", mallory.token(), forged);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("code").asString()).isEqualTo("invalid_key_signature");

            carolSocket.send("{\"type\":\"call.ice\",\"id\":\"c2\",\"callId\":\"call-carol-dave\",\"payloads\":"
                    + payloads(1).replace("\"cipherType\":3", "\"cipherType\":2") + "}");
            assertThat(carolSocket.replyTo("c2").path("type").asString()).isEqualTo("ack");
            daveSocket.await(f -> f.path("type").asString().equals("call.ice"));
            assertThat(carolSocket.isOpen()).isTrue();
            assertThat(daveSocket.isOpen()).isTrue();
            assertThat(bad.isOpen()).isTrue();
        }
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void expiredTicketIsRefusedWithItsCodeAndClose4401() throws Exception {
        var erin = devices.register("erin", 1);
        String ticket = devices.ticket(erin);
        clock.advance(Duration.ofSeconds(31));
        try (RawSocket socket = RawSocket.open(devices.socketUri(ticket))) {
            JsonNode error = socket.await(f -> f.path("type").asString().equals("error"));
            assertThat(error.path("code").asString()).isEqualTo("ticket_expired");
            assertThat(socket.awaitClose()).isEqualTo(4401);
        }
    }

    @Test
    void ticketWorksOnlyOnce() throws Exception {
        var frank = devices.register("frank", 1);
        String ticket = devices.ticket(frank);
        try (RawSocket first = RawSocket.open(devices.socketUri(ticket));
             RawSocket second = RawSocket.open(devices.socketUri(ticket))) {
            first.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            assertThat(first.replyTo("p1").path("type").asString()).isEqualTo("ack");
            assertThat(second.await(f -> f.path("type").asString().equals("error")).path("code").asString())
                    .isEqualTo("ticket_invalid");
            assertThat(second.awaitClose()).isEqualTo(4401);
        }
    }
}
