package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every error a client can cause, with the code it receives in {@code error} frames and REST error
 * bodies. Codes are stable: clients match on them; the sentence that comes with them may change.
 */
public enum ErrorCode {
    // Framing
    BAD_JSON("bad_json"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_MESSAGE("invalid_message"),
    FRAME_TOO_LARGE("frame_too_large"),
    /** REST: a request body (413), URI (414) or header block (431) over the service's limit. */
    REQUEST_TOO_LARGE("request_too_large"),
    BAD_PAYLOAD("bad_payload"),
    DUPLICATE_PAYLOAD("duplicate_payload"),
    // Calls
    UNKNOWN_USER("unknown_user"),
    UNKNOWN_CALL("unknown_call"),
    NOT_IN_CALL("not_in_call"),
    CALL_EXISTS("call_exists"),
    CALL_ENDED("call_ended"),
    ALREADY_ANSWERED("already_answered"),
    INVALID_STATE("invalid_state"),
    DEVICE_MISMATCH("device_mismatch"),
    SELF_CALL("self_call"),
    // Authentication
    UNAUTHORIZED("unauthorized"),
    TICKET_INVALID("ticket_invalid"),
    TICKET_EXPIRED("ticket_expired"),
    FORBIDDEN("forbidden"),
    // Devices and keys
    UNKNOWN_DEVICE("unknown_device"),
    TOO_MANY_DEVICES("too_many_devices"),
    INVALID_KEY("invalid_key"),
    INVALID_KEY_SIGNATURE("invalid_key_signature"),
    IDENTITY_KEY_MISMATCH("identity_key_mismatch"),
    TOO_MANY_PREKEYS("too_many_prekeys"),
    // Service
    RATE_LIMITED("rate_limited"),
    UNAVAILABLE("unavailable"),
    INTERNAL("internal");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Decodes leniently: a code added by a newer server reads as {@link #INTERNAL} instead of failing the frame. */
    @JsonCreator
    public static ErrorCode fromWire(String wireName) {
        for (ErrorCode code : values()) {
            if (code.wireName.equals(wireName)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
