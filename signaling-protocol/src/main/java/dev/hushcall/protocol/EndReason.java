package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a call ended, as told to each device in {@code call.ended}. */
public enum EndReason {
    /** A party hung up. */
    HANGUP("hangup"),
    /** The callee declined. */
    DECLINED("declined"),
    /** The callee's device reported it is busy. */
    BUSY("busy"),
    /** Nobody answered within the ring lifetime. */
    TIMEOUT("timeout"),
    /** Another device of the callee answered first. */
    ANSWERED_ELSEWHERE("answered_elsewhere"),
    /** Another device of the callee declined. */
    DECLINED_ELSEWHERE("declined_elsewhere"),
    /**
     * The call could not continue: a party's device vanished past the grace period, or was deleted or re-registered
     * (a call left ringing no device of the callee ends so for the caller).
     */
    FAILED("failed"),
    /** Both parties called each other at once and this call lost the tie-break (see docs/protocol.md). */
    GLARE("glare");

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The reason named {@code wireName}; one this version does not know reads as {@link #FAILED}, so a client still
     * ends the call when a newer server gives a reason added since.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EndReason fromWireName(String wireName) {
        for (EndReason reason : values()) {
            if (reason.wireName.equals(wireName)) {
                return reason;
            }
        }
        return FAILED;
    }
}
