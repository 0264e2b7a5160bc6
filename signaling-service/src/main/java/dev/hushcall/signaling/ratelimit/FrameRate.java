package dev.hushcall.signaling.ratelimit;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * One socket's {@link Limit#FRAMES_PER_SOCKET} and {@link Limit#BYTES_PER_SOCKET} buckets, kept by the socket itself:
 * Jetty hands a socket one frame at a time, so it needs no lock and no map. A frame over either is answered
 * {@code rate_limited}.
 *
 * <p>Refusals are counted in buckets of their own: frames, {@code refusedBeforeClose} deep, draining as fast as the
 * frame bucket refills; and bytes, as deep and as fast as the byte bucket. A client that backs off when told empties
 * them; one that sends on at several times its rate fills one and is closed (1008), although the refill lets one of
 * its frames through now and then. (Counting refusals "in a row" instead never closed a socket flooding 60 KB offers:
 * each refill's frame started the count afresh.) So a socket gets the node to read at most about twice its bursts
 * before it is closed: each reconnect costs the attacker a ticket.
 */
public final class FrameRate {

    /** What to do with a frame. */
    public enum Verdict { HANDLE, REFUSE, CLOSE }

    /** The bytes in one token of {@link Limit#BYTES_PER_SOCKET}. */
    static final int BYTES_PER_TOKEN = 1024;

    private final Bucket frames;
    private final Bucket kibibytes;
    private final Bucket refusals;
    private final Clock clock;
    private final Function<Limit, Counter> refused;
    private final Counter closes;
    private long framesTat;
    private long bytesTat;
    private long refusalsTat;
    private long refusedBytesTat;
    private Limit lastRefused;
    private long waitMillis;

    FrameRate(LimitsProperties limits, Clock clock, Function<Limit, Counter> refused, Counter closes) {
        this.frames = limits.framesPerSocket();
        this.kibibytes = limits.bytesPerSocket();
        this.refusals = new Bucket(limits.refusedFramesBeforeClose(), frames.refill());
        this.clock = clock;
        this.refused = refused;
        this.closes = closes;
    }

    /** Counts one whole message of {@code bytes} against the socket's buckets. */
    public Verdict admit(long bytes) {
        long now = clock.millis();
        long nextFrames = Gcra.next(framesTat, now, frames);
        long tokens = Math.max(1, (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN);
        long nextBytes = Gcra.next(bytesTat, now, kibibytes, tokens);
        long framesWait = Gcra.wait(nextFrames, now, frames);
        long bytesWait = Gcra.wait(nextBytes, now, kibibytes);
        if (framesWait == 0 && bytesWait == 0) {
            framesTat = nextFrames;
            bytesTat = nextBytes;
            return Verdict.HANDLE;
        }
        lastRefused = framesWait >= bytesWait ? Limit.FRAMES_PER_SOCKET : Limit.BYTES_PER_SOCKET;
        waitMillis = Math.max(framesWait, bytesWait);
        // Refused bytes drain through a bucket the size of the byte bucket itself.
        long nextRefusal = Gcra.next(refusalsTat, now, refusals);
        long nextRefusedBytes = Gcra.next(refusedBytesTat, now, kibibytes, tokens);
        if (Gcra.wait(nextRefusal, now, refusals) > 0 || Gcra.wait(nextRefusedBytes, now, kibibytes) > 0) {
            closes.increment();
            return Verdict.CLOSE;
        }
        refusalsTat = nextRefusal;
        refusedBytesTat = nextRefusedBytes;
        refused.apply(lastRefused).increment();
        return Verdict.REFUSE;
    }

    /** The refusal of the frame {@link #admit} last refused. */
    public RateLimited refusal() {
        return new RateLimited(lastRefused.configName(), lastRefused.refusal(), Duration.ofMillis(waitMillis));
    }
}
