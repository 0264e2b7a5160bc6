package dev.hushcall.protocol;

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
    /** The call could not continue (for example, a party's device vanished past the grace period). */
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
}
