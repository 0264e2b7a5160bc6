package dev.hushcall.client.call;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.util.Objects;
import tools.jackson.core.JacksonException;

/**
 * The plaintext of every payload (docs/protocol.md, "What a payload seals"):
 * {@code {"v":1,"type":"call.offer","callId":"…","body":"<sdp or candidate JSON>"}}. Sealing the frame type and
 * call id inside the ciphertext lets the receiver catch a server that moves a payload into another call or
 * frame type; the sender needs no field, the session already binds it.
 *
 * <p>Opened plaintext holds SDP and the peer's IP candidates, so no exception built here carries any of it:
 * messages name only the outer frame, and a parse failure drops the parser's exception, whose message can
 * quote the text it choked on.
 */
final class SealedEnvelope {

    static final int VERSION = 1;

    /** The JSON shape. {@code v} is boxed so that a missing version reads as absent, not as 0. */
    record Plaintext(Integer v, String type, String callId, String body) {
    }

    private SealedEnvelope() {
    }

    /** The plaintext to encrypt for a frame of class {@code frame} in call {@code callId}. */
    static byte[] seal(Class<? extends ClientMessage.WithPayloads> frame, String callId, String body) {
        Objects.requireNonNull(body, "body");
        return ProtocolJson.mapper().writeValueAsBytes(new Plaintext(VERSION, typeOf(frame), callId, body));
    }

    /**
     * The body sealed in {@code plaintext}, which arrived in {@code frame}; a {@code bad_payload} failure when
     * it is not a version-1 envelope or was sealed for another frame type or call.
     */
    static String open(byte[] plaintext, ServerMessage.Routed frame) {
        Plaintext sealed;
        try {
            sealed = ProtocolJson.mapper().readValue(plaintext, Plaintext.class);
        } catch (JacksonException e) {
            throw rejected(frame, "is not a sealed envelope");
        }
        if (sealed == null || !Objects.equals(sealed.v(), VERSION)) {
            throw rejected(frame, "is not a version " + VERSION + " envelope");
        }
        if (!typeOf(frame.getClass()).equals(sealed.type())) {
            throw rejected(frame, "was sealed for another frame type");
        }
        if (!frame.callId().equals(sealed.callId())) {
            throw rejected(frame, "was sealed for another call");
        }
        if (sealed.body() == null) {
            throw rejected(frame, "has no body");
        }
        return sealed.body();
    }

    /** The wire type of a frame record, read from the annotation its JSON encoding uses, so the two agree. */
    static String typeOf(Class<?> frame) {
        JsonTypeName name = frame.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalArgumentException(frame.getName() + " is not a protocol frame");
        }
        return name.value();
    }

    private static HushcallException rejected(ServerMessage.Routed frame, String why) {
        return new HushcallException(ErrorCode.BAD_PAYLOAD, "dropped the payload from " + frame.from() + " in "
                + typeOf(frame.getClass()) + " of call " + frame.callId() + ": it " + why);
    }
}
