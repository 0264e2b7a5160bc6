package dev.hushcall.signaling.overload;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.RetryLater;
import java.time.Duration;

/** A new call refused because the node is past what it can take: {@code unavailable}, with when to try again. */
public final class Overloaded extends ProtocolException implements RetryLater {

    private final Duration retryAfter;

    Overloaded(Duration retryAfter) {
        super(ErrorCode.UNAVAILABLE, "the service is too busy to take a new call; nothing was done, offer again in "
                + RetryLater.wholeSeconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
