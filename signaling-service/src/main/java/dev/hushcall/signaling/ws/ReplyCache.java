package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers which client frames were already acted on, so a frame resent after a reconnect (same {@code id}) is acked
 * again instead of routed twice. Implementations live in {@code store.*}.
 *
 * <p>A frame id is claimed before its frame is handled and marked {@link #done} once every effect of the frame is
 * stored; only then is the frame acknowledged. A resend that finds the id done is acked without routing. One that finds
 * it claimed but not done meets a handler still at work, or one whose node died between the claim and the routing: it
 * waits, and once the claim is older than {@link #LEASE} it takes the claim over and routes the frame itself. So an
 * acknowledged frame is never lost; the price is a frame handled twice when a handler takes longer than the lease.
 */
public interface ReplyCache {

    /**
     * How long a claimed frame may take to be handled before a resend takes its claim over: far above the
     * milliseconds a frame takes, below the seconds a client waits for its ack.
     */
    Duration LEASE = Duration.ofSeconds(2);

    /** What {@link #claim} found. */
    sealed interface Claimed {
        Claimed NEW = new New();
        Claimed DONE = new Done();

        /** The id is the caller's now: handle the frame, then mark it {@link #done} (or {@link #forget} it). */
        record New() implements Claimed {
        }

        /** The frame was handled before: acknowledge it again, do nothing. */
        record Done() implements Claimed {
        }

        /** Another handler claimed the id and has not finished; claim again after {@code waitMillis}. */
        record Pending(long waitMillis) implements Claimed {
        }
    }

    /**
     * Claims a device's frame id until {@code expiresAt}, unless it is done or another handler's claim is younger than
     * {@link #LEASE} at {@code now}.
     */
    Claimed claim(DeviceAddress device, String frameId, Instant expiresAt, Instant now);

    /**
     * The frame whose id the caller claimed was handled: a resend is acknowledged without routing. May take effect
     * moments later (Redis batches these); never fails: a mark that is lost leaves the claim to expire, and a resend
     * meanwhile is handled again after the lease.
     */
    void done(DeviceAddress device, String frameId);

    /** Forgets a frame id, so a frame that was refused may be sent again with the same id. */
    void forget(DeviceAddress device, String frameId);

    /** The wait until a claim made at {@code since} may be taken over at {@code now}; 0 or less: it may. */
    static long leaseLeft(long sinceMillis, long nowMillis) {
        return sinceMillis + LEASE.toMillis() - nowMillis;
    }
}
