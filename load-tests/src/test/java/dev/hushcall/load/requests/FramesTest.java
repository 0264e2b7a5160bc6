package dev.hushcall.load.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-built frames and patterns of the load tests agree with the protocol's own records and encoder. */
class FramesTest {

    private static PayloadPool pool;

    @BeforeAll
    static void pool() {
        pool = PayloadPool.generate(2, 1);
    }

    @Test
    void offerFrameDecodesToTheOfferRecordWithOnePayloadPerDevice() {
        String frame = Frames.offer("o-1", "c-12345678", "bob", List.of(
                new Frames.Payload(1, Frames.PREKEY_MESSAGE, pool.anyOffer()),
                new Frames.Payload(2, Frames.PREKEY_MESSAGE, pool.anyOffer())));

        ClientMessage.Offer offer = (ClientMessage.Offer) ProtocolJson.decodeClient(frame);

        assertThat(offer.to()).isEqualTo("bob");
        assertThat(offer.callId()).isEqualTo("c-12345678");
        assertThat(offer.payloads()).extracting(DevicePayload::deviceId).containsExactly(1, 2);
    }

    @Test
    void everyOtherClientFrameDecodesToItsRecord() {
        Frames.Payload payload = new Frames.Payload(1, Frames.SIGNAL_MESSAGE, pool.any().callerIce().get(0));
        assertThat(ProtocolJson.decodeClient(Frames.answer("a-1", "c-12345678", payload)))
                .isInstanceOf(ClientMessage.Answer.class);
        assertThat(ProtocolJson.decodeClient(Frames.ice("i-1", "c-12345678", payload)))
                .isInstanceOf(ClientMessage.Ice.class);
        assertThat(ProtocolJson.decodeClient(Frames.hangup("h-1", "c-12345678")))
                .isEqualTo(new ClientMessage.Hangup("h-1", "c-12345678"));
        assertThat(ProtocolJson.decodeClient(Frames.ping("p-1"))).isEqualTo(new ClientMessage.Ping("p-1"));
        assertThat(ProtocolJson.decodeClient(Frames.ack("x"))).isEqualTo(new ClientMessage.Ack("x"));
        assertThat(ProtocolJson.decodeClient(Frames.ack(List.of("x", "y"))))
                .isEqualTo(new ClientMessage.Ack(null, List.of("x", "y")));
        assertThat(ProtocolJson.decodeClient(Frames.ack(List.of("x")))).isEqualTo(new ClientMessage.Ack("x"));
    }

    @Test
    void pooledCiphertextsHaveTheSizesOfRealCallMessages() {
        // docs/protocol.md: a PQXDH first message with 2 KB of SDP is ~3.8 KB, a later one ~2.2 KB.
        assertThat(pool.sizes().get("offer")).isBetween(3_600, 4_200);
        assertThat(pool.sizes().get("answer")).isBetween(2_100, 2_500);
    }

    @Test
    void deliveredFramePatternsMatchWhatTheServerEncoderWrites() {
        String ended = ProtocolJson.encode(new ServerMessage.Ended("s-9", "c-12345678",
                dev.hushcall.protocol.EndReason.values()[0], null));
        String ack = ProtocolJson.encode(new ServerMessage.Ack("caller-ice0-c-12345678"));
        String answer = ProtocolJson.encode(new ServerMessage.Answer("s-8", "c-12345678",
                new DeviceAddress("bob", 1), new DevicePayload(3, 2, pool.anyAnswer())));

        assertThat(DeliveredFrames.HUSHCALL.matcher(ended).find()).isTrue();
        assertThat(DeliveredFrames.HUSHCALL.matcher(answer).find()).isTrue();
        assertThat(DeliveredFrames.ACK.matcher(ack).find()).isTrue();
    }
}
