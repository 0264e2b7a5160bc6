package dev.hushcall.signaling.overload;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import java.time.Duration;

/** A new call refused because the node is past what it can take: {@code unavailable}, with when to try again. */
public final class Overloaded extends ProtocolException {

    private final Duration retryAfter;

    Overloaded(Duration retryAfter) {
        super(ErrorCode.UNAVAILABLE, "the service is too busy to take a new call; nothing was done, offer again in "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
