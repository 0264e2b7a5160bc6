package dev.hushcall.signaling.ratelimit;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;

/**
 * One socket's {@link Limit#FRAMES_PER_SOCKET} bucket, kept by the socket itself: Jetty hands a socket one frame at a
 * time, so it needs no lock and no map. A frame over the rate is answered {@code rate_limited}; a socket that goes on
 * sending through {@code refusedBeforeClose} refusals in a row is not a client backing off, and is closed (1008).
 */
public final class FrameRate {

    /** What to do with a frame. */
    public enum Verdict { HANDLE, REFUSE, CLOSE }

    private final Bucket bucket;
    private final int refusedBeforeClose;
    private final Clock clock;
    private final Counter refusals;
    private final Counter closes;
    private long tat;
    private int refusedInARow;
    private long waitMillis;

    FrameRate(Bucket bucket, int refusedBeforeClose, Clock clock, Counter refusals, Counter closes) {
        this.bucket = bucket;
        this.refusedBeforeClose = refusedBeforeClose;
        this.clock = clock;
        this.refusals = refusals;
        this.closes = closes;
    }

    public Verdict admit() {
        long now = clock.millis();
        long next = Gcra.next(tat, now, bucket);
        long wait = Gcra.wait(next, now, bucket);
        if (wait == 0) {
            tat = next;
            refusedInARow = 0;
            return Verdict.HANDLE;
        }
        waitMillis = wait;
        if (++refusedInARow > refusedBeforeClose) {
            closes.increment();
            return Verdict.CLOSE;
        }
        refusals.increment();
        return Verdict.REFUSE;
    }

    /** The refusal of the frame {@link #admit} last refused. */
    public RateLimited refusal() {
        return new RateLimited(Limit.FRAMES_PER_SOCKET.configName(), Limit.FRAMES_PER_SOCKET.refusal(),
                Duration.ofMillis(waitMillis));
    }
}
