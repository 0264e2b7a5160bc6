package dev.hushcall.signaling.ratelimit;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.RetryLater;
import java.time.Duration;

/** A request or frame refused by a limit: {@code rate_limited}, with when to try again. */
public final class RateLimited extends ProtocolException implements RetryLater {

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

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The wait for people, rounded up: 250 ms, 3 s, 2 h 1 min (a live call may hold its place for hours). */
    static String readable(Duration wait) {
        long millis = wait.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = (millis + 999) / 1000;
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Thrown at every refusal, caught by the dispatcher or the REST handler; a stack trace would be cost only.
        return this;
    }
}
