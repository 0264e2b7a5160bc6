package dev.hushcall.signaling.ratelimit;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import java.time.Duration;

/** A request or frame refused by a limit: {@code rate_limited}, with when to try again. */
public final class RateLimited extends ProtocolException {

    private final String limit;
    private final Duration retryAfter;

    public RateLimited(String limit, String refusal, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, refusal + "; try again in " + readable(retryAfter));
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** The limit's config name ({@code offers-per-device}): a metric tag, never data. */
    public String limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The whole seconds a {@code Retry-After} header carries: never 0, which would invite an immediate retry. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String readable(Duration wait) {
        return wait.toMillis() < 1000 ? wait.toMillis() + " ms" : ((wait.toMillis() + 999) / 1000) + " s";
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Thrown at every refusal, caught by the dispatcher or the REST handler; a stack trace would be cost only.
        return this;
    }
}
