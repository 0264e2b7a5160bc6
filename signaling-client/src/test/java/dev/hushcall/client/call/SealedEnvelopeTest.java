package dev.hushcall.client.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.HushcallException;
import dev.hushcall.client.testing.RecordingLogs;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/protocol.md, "What a payload seals": the frame type and call id travel inside the ciphertext. */
class SealedEnvelopeTest {

    /** Stands for what a payload must never leak: SDP and the peer's IP candidates. */
    private static final String SECRET = "hushcallSecretSdp198x51x100x23";
    private static final String CANDIDATE =
            "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.7 54400 typ host\",\"sdpMid\":\"0\"}";

    private final FakeServer server = new FakeServer();
    private final FakeServer.Node alice = server.register("alice", 1);
    private final FakeServer.Node bob = server.register("bob", 1);
    private FakeServer.Node carol;

    @BeforeEach
    void clearLogs() {
        RecordingLogs.clear();
    }

    @Test
    void theSealedPlaintextIsTheVersionedEnvelopeOfTheProtocol() {
        byte[] sealed = SealedEnvelope.seal(ClientMessage.Ice.class, "c-7f3a9b2e", CANDIDATE);

        Map<String, Object> json = ProtocolJson.mapper().readValue(sealed, new TypeReference<>() { });
        assertThat(json).containsExactlyInAnyOrderEntriesOf(
                Map.of("v", 1, "type", "call.ice", "callId", "c-7f3a9b2e", "body", CANDIDATE));
    }

    @Test
    void aWellFormedPayloadReachesTheAppAsItsBodyAlone() {
        CallHandle call = alice.calls.placeCall("bob", "v=0 offer");
        call.sent().join();
        alice.calls.sendIce(call.callId(), CANDIDATE).join();

        assertThat(bob.app.events).containsExactly("offer from alice.1: v=0 offer", "ice from alice.1: " + CANDIDATE);
        assertThat(bob.app.errors).isEmpty();
    }

    @Test
    void aPayloadTheServerMovesIntoAnotherCallIsDroppedReportedAndAcknowledged() {
        String first = alice.calls.placeCall("bob", "first").callId();
        String second = alice.calls.placeCall("bob", "second").callId();
        server.rewrite = frame -> frame instanceof ServerMessage.Ice ice
                ? new ServerMessage.Ice(ice.id(), second, ice.from(), ice.payload()) : frame;

        alice.calls.sendIce(first, CANDIDATE).join();

        assertThat(bob.app.events).containsExactly("offer from alice.1: first", "offer from alice.1: second");
        assertDroppedAs("call.ice of call " + second);
        assertThat(bob.acks).hasSize(3);

        server.rewrite = frame -> frame;
        alice.calls.sendIce(first, "{\"c\":2}").join();
        assertThat(bob.app.events).endsWith("ice from alice.1: {\"c\":2}");
    }

    @Test
    void aPayloadTheServerMovesIntoAnotherFrameTypeIsDroppedReportedAndAcknowledged() {
        CallHandle call = alice.calls.placeCall("bob", "offer");
        bob.calls.answer(call.callId(), "answer").join();
        server.rewrite = frame -> frame instanceof ServerMessage.Ice ice
                ? new ServerMessage.Renegotiate(ice.id(), ice.callId(), ice.from(), ice.payload()) : frame;

        alice.calls.sendIce(call.callId(), CANDIDATE).join();

        assertThat(bob.app.events).containsExactly("offer from alice.1: offer");
        assertDroppedAs("call.renegotiate of call " + call.callId());
        assertThat(bob.acks).hasSize(2);
    }

    @Test
    void aPayloadSealedWithAnotherEnvelopeVersionIsDropped() {
        bob.inbound.onDelivered(offerFromCarol("{\"v\":2,\"type\":\"call.offer\",\"callId\":\"call-12345678\","
                + "\"body\":\"sdp\"}"));

        assertThat(bob.app.events).isEmpty();
        assertDroppedAs("call.offer of call call-12345678");
    }

    @Test
    void aPayloadThatIsNoEnvelopeAtAllIsDropped() {
        bob.inbound.onDelivered(offerFromCarol("v=0\r\no=- 46117 2 IN IP4 127.0.0.1"));

        assertThat(bob.app.events).isEmpty();
        assertDroppedAs("call.offer of call call-12345678");
    }

    @Test
    void droppedPayloadsKeepTheirPlaintextOutOfLogsAndErrors() {
        CallHandle call = alice.calls.placeCall("bob", "v=0 " + SECRET);
        call.sent().join();
        server.rewrite = frame -> new ServerMessage.Ice(frame.id(), "c-elsewhere", frame.from(), frame.payload());
        alice.calls.sendIce(call.callId(), SECRET).join();
        bob.inbound.onDelivered(offerFromCarol(SECRET + " " + SECRET));
        bob.inbound.onDelivered(offerFromCarol("{\"v\":1,\"type\":\"call.offer\",\"callId\":\"" + SECRET));
        bob.inbound.onDelivered(offerFromCarol("{\"v\":7,\"body\":\"" + SECRET + "\"}"));

        assertThat(bob.app.errors).hasSize(4).allSatisfy(error -> {
            for (Throwable t = error; t != null; t = t.getCause()) {
                assertThat(t.toString()).doesNotContain(SECRET);
            }
        });
        assertThat(RecordingLogs.lines()).as("the recording backend saw the drops")
                .anyMatch(line -> line.contains("failed"))
                .noneMatch(line -> line.contains(SECRET));
    }

    /** An offer sealed by a third device, carol, straight into bob's dispatcher. */
    private ServerMessage.Offer offerFromCarol(String plaintext) {
        if (carol == null) {
            carol = server.register("carol", 1);
            carol.device.crypto.buildSessions(server.bundles("bob"), id -> true);
        }
        DevicePayload payload = carol.device.crypto.encrypt(bob.device.address,
                plaintext.getBytes(StandardCharsets.UTF_8));
        return new ServerMessage.Offer("s-" + plaintext.hashCode(), "call-12345678", carol.device.address, payload);
    }

    private void assertDroppedAs(String frame) {
        assertThat(bob.app.errors).singleElement().isInstanceOfSatisfying(HushcallException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_PAYLOAD);
            assertThat(e.getMessage()).contains(frame);
        });
    }
}
