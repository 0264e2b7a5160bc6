package dev.hushcall.signaling.call;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a call on the server.
 *
 * <pre>
 *   RINGING  → ANSWERED   first call.answer from a ringing callee device (atomic claim)
 *   RINGING  → ENDED      hangup by the caller, decline, busy, timeout, glare, failed
 *   ANSWERED → ENDED      hangup by either party, failed
 * </pre>
 * ENDED is final.
 */
public enum CallState {
    RINGING,
    ANSWERED,
    ENDED;

    private Set<CallState> next() {
        return switch (this) {
            case RINGING -> EnumSet.of(ANSWERED, ENDED);
            case ANSWERED -> EnumSet.of(ENDED);
            case ENDED -> EnumSet.noneOf(CallState.class);
        };
    }

    public boolean canMoveTo(CallState target) {
        return next().contains(target);
    }

    /** The one guarded move; an illegal one names both states. */
    public CallState moveTo(CallState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a call cannot move from " + this + " to " + target);
        }
        return target;
    }

    public boolean isLive() {
        return this != ENDED;
    }
}
