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
    void base64CheckAgreesWithTheJdkCodecOnRandomStrings() {
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
                // Canonical: what the JDK decodes and then encodes back to the very same string.
                jdk = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(s.toString())).equals(s.toString());
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

    @Test
    void base64WithLeftOverBitsSetIsNotTheCanonicalSpellingAndIsRefused() {
        assertThat(Validation.isBase64("QQ==")).isTrue();
        assertThat(Validation.isBase64("QR==")).as("decodes to the same byte as QQ==").isFalse();
        assertThat(Validation.isBase64("QUI=")).isTrue();
        assertThat(Validation.isBase64("QUJ=")).isFalse();
    }

    private static final String HANGUP = "{\"type\":\"call.hangup\",\"id\":\"m-1\",\"callId\":\"" + CALL + "\"}";

    private static String payload(String deviceId, String cipherType) {
        return "{\"type\":\"call.ice\",\"id\":\"m-1\",\"callId\":\"" + CALL + "\",\"payloads\":[{\"deviceId\":"
                + deviceId + ",\"cipherType\":" + cipherType + ",\"body\":\"AAAA\"}]}";
    }

    @Test
    void aFrameIsAJsonObjectAndNeverAnArrayWithATypeId() {
        assertThat(ProtocolJson.decodeClient(" \n" + HANGUP)).isInstanceOf(ClientMessage.Hangup.class);
        assertCode("[\"call.hangup\",{\"id\":\"m-1\",\"callId\":\"" + CALL + "\"}]", ErrorCode.INVALID_MESSAGE);
        assertCode("\"call.hangup\"", ErrorCode.INVALID_MESSAGE);
        assertCode("", ErrorCode.INVALID_MESSAGE);
        assertCode("null", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void nothingMayFollowTheFrame() {
        assertCode(HANGUP + HANGUP, ErrorCode.BAD_JSON);
        assertCode(HANGUP + " x", ErrorCode.BAD_JSON);
    }

    @Test
    void aKeyGivenTwiceIsRefusedWhereverItIs() {
        assertCode("{\"type\":\"ping\",\"type\":\"call.hangup\",\"id\":\"m-1\",\"callId\":\"" + CALL + "\"}",
                ErrorCode.BAD_JSON);
        assertCode("{\"type\":\"ping\",\"id\":\"m-1\",\"id\":\"m-2\"}", ErrorCode.BAD_JSON);
        assertCode(payload("1,\"deviceId\":2", "2"), ErrorCode.BAD_JSON);
        assertCode("{\"type\":\"ping\",\"id\":\"m-1\",\"extra\":{\"a\":1,\"a\":2}}", ErrorCode.BAD_JSON);
        assertThatThrownBy(() -> ProtocolJson.decodeClient("{\"type\":\"ping\",\"id\":\"m-1\",\"id\":\"m-2\"}"))
                .hasMessageContaining("same key twice");
    }

    @Test
    void theIdIsAStringAndANumberIsNotCoercedToOne() {
        assertCode("{\"type\":\"ping\",\"id\":5}", ErrorCode.INVALID_MESSAGE);
        assertCode("{\"type\":\"ping\",\"id\":5.5}", ErrorCode.INVALID_MESSAGE);
        assertCode("{\"type\":\"ping\",\"id\":true}", ErrorCode.INVALID_MESSAGE);
        assertCode("{\"type\":\"ping\",\"id\":[\"m-1\"]}", ErrorCode.INVALID_MESSAGE);
        // No frame type is named by a number, so a number type is refused as one of no known frame.
        assertCode("{\"type\":5,\"id\":\"m-1\"}", ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void cipherTypeAndDeviceIdAreJsonIntegersWithNoCoercion() {
        assertThat(ProtocolJson.decodeClient(payload("1", "2"))).isInstanceOf(ClientMessage.Ice.class);
        for (String bad : List.of("\"2\"", "2.0", "2.5", "true", "\"\"", "null", "[2]", "2e0")) {
            assertCode(payload("1", bad), ErrorCode.INVALID_MESSAGE);
            assertCode(payload(bad, "2"), ErrorCode.INVALID_MESSAGE);
        }
        assertCode(payload("99999999999", "2"), ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void aMismatchNamesTheFieldNeverAJavaClass() {
        assertThatThrownBy(() -> ProtocolJson.decodeClient(payload("1", "\"3\"")))
                .hasMessageContaining("payloads[0].cipherType")
                .hasMessageNotContaining("dev.hushcall").hasMessageNotContaining("$").hasMessageNotContaining("Ice");
        assertThatThrownBy(() -> ProtocolJson.decodeClient("{\"type\":\"call.offer\",\"id\":\"m-1\",\"callId\":\""
                + CALL + "\",\"to\":\"bob\",\"payloads\":{}}"))
                .hasMessageContaining("payloads").hasMessageNotContaining("ClientMessage")
                .hasMessageNotContaining("Offer");
    }

    @Test
    void anUnknownTypeIsNotEchoed() {
        assertThatThrownBy(() -> ProtocolJson.decodeClient("{\"type\":\"\\u0007evil\",\"id\":\"m-1\"}"))
                .hasMessageNotContaining("evil");
    }

    @Test
    void anOfferIsToAUserIdSoItCanBeNamedInErrors() {
        String offer = "{\"type\":\"call.offer\",\"id\":\"m-1\",\"callId\":\"" + CALL + "\",\"to\":\"%s\","
                + "\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"AAAA\"}]}";
        assertThat(ProtocolJson.decodeClient(offer.formatted("bob@example.com"))).isInstanceOf(ClientMessage.Offer.class);
        assertCode(offer.formatted("bob\\u001b[31m"), ErrorCode.INVALID_MESSAGE);
        assertCode(offer.formatted("bob smith"), ErrorCode.INVALID_MESSAGE);
        assertCode(offer.formatted("b".repeat(129)), ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void theRefOfABrokenFrameIsItsIdWhenThatCanBeRead() {
        assertThat(ProtocolJson.refOf("{\"type\":\"ping\",\"id\":\"m-1\"", 512)).isEqualTo("m-1");
        assertThat(ProtocolJson.refOf("{\"id\":\"m-1\",\"type\":\"ping\",\"type\":\"ack\"}", 512)).isEqualTo("m-1");
        assertThat(ProtocolJson.refOf("{\"type\":\"ping\",\"id\":\"m-1\",\"pad\":\"" + "x".repeat(1000), 512))
                .isEqualTo("m-1");
        assertThat(ProtocolJson.refOf("{\"type\":\"ping\",\"x\":{\"id\":\"inner\"}}", 512)).isNull();
        assertThat(ProtocolJson.refOf("{\"id\":\"m-1\",\"id\":\"m-2\"}", 512)).as("which one?").isNull();
        assertThat(ProtocolJson.refOf("{\"id\":5}", 512)).isNull();
        assertThat(ProtocolJson.refOf("{\"id\":\"has space\"}", 512)).as("never echoed").isNull();
        assertThat(ProtocolJson.refOf("{\"id\":\"\\u0007\"}", 512)).isNull();
        assertThat(ProtocolJson.refOf("[\"ping\",{\"id\":\"m-1\"}]", 512)).isNull();
        assertThat(ProtocolJson.refOf("not json", 512)).isNull();
    }

    private static void assertCode(String frame, ErrorCode code) {
        assertThatThrownBy(() -> ProtocolJson.decodeClient(frame))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
