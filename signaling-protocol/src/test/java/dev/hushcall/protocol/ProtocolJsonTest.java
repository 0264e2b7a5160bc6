package dev.hushcall.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static final String CALL = "c-1234567890";

    @Test
    void offerFrameRoundTripsWithItsTypeId() {
        var offer = new ClientMessage.Offer("m-1", CALL, "bob", List.of(new DevicePayload(1, 3, "AAEC")));
        String json = ProtocolJson.encode(offer);
        assertThat(json).contains("\"type\":\"call.offer\"");
        assertThat(ProtocolJson.decodeClient(json)).isEqualTo(offer);
    }

    @Test
    void serverEndedFrameCarriesTheReasonsWireName() {
        var ended = new ServerMessage.Ended("s-1", CALL, EndReason.ANSWERED_ELSEWHERE, null);
        String json = ProtocolJson.encode(ended);
        assertThat(json).isEqualTo(
                "{\"type\":\"call.ended\",\"id\":\"s-1\",\"callId\":\"" + CALL + "\",\"reason\":\"answered_elsewhere\"}");
        assertThat(ProtocolJson.decodeServer(json)).isEqualTo(ended);
    }

    @Test
    void everyEndReasonReadsBackAsItself() {
        for (EndReason reason : EndReason.values()) {
            var ended = new ServerMessage.Ended("s-1", CALL, reason, null);
            assertThat(ProtocolJson.decodeServer(ProtocolJson.encode(ended))).isEqualTo(ended);
        }
    }

    @Test
    void endReasonThisVersionDoesNotKnowStillEndsTheCallAsFailed() {
        String json = "{\"type\":\"call.ended\",\"id\":\"s-1\",\"callId\":\"" + CALL + "\",\"reason\":\"moon_eclipse\"}";

        assertThat(ProtocolJson.decodeServer(json))
                .isEqualTo(new ServerMessage.Ended("s-1", CALL, EndReason.FAILED, null));
    }

    @Test
    void malformedJsonIsBadJson() {
        assertCode("{\"type\":\"ping\",", ErrorCode.BAD_JSON);
    }

    @Test
    void unknownTypeIsUnknownType() {
        assertCode("{\"type\":\"call.teleport\",\"id\":\"m-1\"}", ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void missingTypeIsInvalidMessage() {
        assertCode("{\"id\":\"m-1\"}", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void payloadThatIsNotBase64IsBadPayload() {
        assertCode("{\"type\":\"call.ice\",\"id\":\"m-1\",\"callId\":\"" + CALL
                + "\",\"payloads\":[{\"deviceId\":1,\"cipherType\":2,\"body\":\"not base64!\"}]}", ErrorCode.BAD_PAYLOAD);
    }

    @Test
    void twoPayloadsForOneDeviceAreRefused() {
        assertCode("{\"type\":\"call.ice\",\"id\":\"m-1\",\"callId\":\"" + CALL
                + "\",\"payloads\":[{\"deviceId\":1,\"cipherType\":2,\"body\":\"AAAA\"},"
                + "{\"deviceId\":1,\"cipherType\":2,\"body\":\"AAAA\"}]}", ErrorCode.DUPLICATE_PAYLOAD);
    }

    @Test
    void frameOverTheCapIsTooLargeBeforeParsing() {
        String big = "{\"type\":\"ping\",\"id\":\"" + "x".repeat(ProtocolJson.MAX_FRAME_CHARS) + "\"}";
        assertCode(big, ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void wrongFieldTypeIsInvalidMessage() {
        assertCode("{\"type\":\"call.hangup\",\"id\":\"m-1\",\"callId\":{\"x\":1}}", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void base64CheckAcceptsPaddingOnlyAtTheEnd() {
        assertThat(Validation.isBase64("AA==")).isTrue();
        assertThat(Validation.isBase64("AAA=")).isTrue();
        assertThat(Validation.isBase64("A=A=")).isFalse();
        assertThat(Validation.isBase64("AAA")).isFalse();
        assertThat(Validation.isBase64("A-_A")).isFalse();
        assertThat(Validation.isBase64("A===")).isFalse();
        assertThat(Validation.isBase64("====")).isFalse();
        assertThat(Validation.isBase64("AAé=")).isFalse();
    }

    @Test
    void base64CheckAgreesWithTheJdkDecoderOnRandomStrings() {
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = 4 * random.nextInt(4);
            for (int j = 0; j < length; j++) {
                // Mostly alphabet, so that valid strings come up often too.
                s.append(alphabet.charAt(random.nextInt(random.nextInt(10) == 0 ? alphabet.length() : 64)));
            }
            if (random.nextBoolean() && length > 0) {
                s.setCharAt(length - 1, '=');
            }
            boolean jdk;
            try {
                Base64.getDecoder().decode(s.toString());
                jdk = true;
            } catch (IllegalArgumentException e) {
                jdk = false;
            }
            assertThat(Validation.isBase64(s.toString())).as(s.toString()).isEqualTo(jdk);
        }
    }

    @Test
    void anAckCarriesOneRefOrSeveral() {
        assertThat(ProtocolJson.encode(new ClientMessage.Ack("s-1"))).isEqualTo("{\"type\":\"ack\",\"ref\":\"s-1\"}");
        ClientMessage.Ack several = (ClientMessage.Ack) ProtocolJson.decodeClient(
                "{\"type\":\"ack\",\"refs\":[\"s-1\",\"s-2\",\"s-3\"]}");
        assertThat(several.all()).containsExactly("s-1", "s-2", "s-3");
        assertThat(ProtocolJson.decodeClient(ProtocolJson.encode(several))).isEqualTo(several);
    }

    @Test
    void anAckWithBothFormsNeitherOrTooManyRefsIsInvalid() {
        assertCode("{\"type\":\"ack\",\"ref\":\"s-1\",\"refs\":[\"s-2\"]}", ErrorCode.INVALID_MESSAGE);
        assertCode("{\"type\":\"ack\"}", ErrorCode.INVALID_MESSAGE);
        assertCode("{\"type\":\"ack\",\"refs\":[]}", ErrorCode.INVALID_MESSAGE);
        String tooMany = "\"r\",".repeat(ClientMessage.MAX_ACK_REFS) + "\"r\"";
        assertCode("{\"type\":\"ack\",\"refs\":[" + tooMany + "]}", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void turnRequestNeedsNoRegionAndRefusesALongOne() {
        assertThat(ProtocolJson.decodeClient("{\"type\":\"turn.request\",\"id\":\"t-1\"}"))
                .isEqualTo(new ClientMessage.TurnRequest("t-1", null));
        assertCode("{\"type\":\"turn.request\",\"id\":\"t-1\",\"region\":\"" + "e".repeat(65) + "\"}",
                ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void turnCredentialsRoundTripAndNeverPrintTheirPassword() {
        var credentials = new ServerMessage.TurnCredentials("t-1", "1767225600:abc", "cGFzc3dvcmQ=", 21600,
                List.of("turn:turn.example:3478?transport=udp"));
        String json = ProtocolJson.encode(credentials);
        assertThat(json).startsWith("{\"type\":\"turn.credentials\",\"ref\":\"t-1\"");
        assertThat(ProtocolJson.decodeServer(json)).isEqualTo(credentials);
        assertThat(credentials.toString()).doesNotContain("cGFzc3dvcmQ=");
    }

    @Test
    void payloadToStringNeverPrintsTheCiphertext() {
        assertThat(new DevicePayload(2, 2, "U0VDUkVU").toString()).doesNotContain("U0VDUkVU");
    }

    private static void assertCode(String frame, ErrorCode code) {
        assertThatThrownBy(() -> ProtocolJson.decodeClient(frame))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
