package dev.hushcall.signaling.ws;

import java.time.Clock;

/**
 * What one socket has handed to the network and not yet seen written. Sends never block a thread; instead a device
 * that lets more than {@code maxBytes} pile up, or takes none of its waiting frames for longer than
 * {@code maxWaitMillis}, is refused the next frame and its connection dropped (its frames stay in its mailbox until
 * it reconnects). A frame is always admitted when nothing is in flight, however big. Called under the connection's lock.
 *
 * <p>A backlog replayed on reconnect is not pushed into the window at once but paced through it: its frames fill at
 * most half of it ({@link #hasRoomForBacklog}), so the device's acks and errors, sent meanwhile, still fit.
 */
final class SendWindow {

    private final Clock clock;
    private final long maxBytes;
    private final long maxWaitMillis;
    private long bytesInFlight;
    /** Since when frames have waited without one being written; -1 while nothing is in flight. */
    private long waitingSince = -1;

    SendWindow(Clock clock, long maxBytes, long maxWaitMillis) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxWaitMillis = maxWaitMillis;
    }

    /** Takes {@code bytes} more in flight, or returns false (and takes nothing) if the device is too slow for it. */
    boolean admit(int bytes) {
        long now = clock.millis();
        if (bytesInFlight > 0 && now - waitingSince > maxWaitMillis) {
            return false;
        }
        if (bytesInFlight + bytes > maxBytes && bytesInFlight > 0) {
            return false;
        }
        if (bytesInFlight == 0) {
            waitingSince = now;
        }
        bytesInFlight += bytes;
        return true;
    }

    /**
     * Whether a backlog frame of {@code bytes} may go now: when nothing is in flight (however big it is), or when it
     * keeps what is in flight within half the window.
     */
    boolean hasRoomForBacklog(int bytes) {
        return bytesInFlight == 0 || bytesInFlight + bytes <= maxBytes / 2;
    }

    /**
     * Milliseconds until frames in flight have waited {@code maxWaitMillis} without one being written, 0 once they
     * have (the device is then too slow to keep), or -1 while nothing is in flight.
     */
    long millisUntilStalled() {
        if (bytesInFlight == 0) {
            return -1;
        }
        return Math.max(0, waitingSince + maxWaitMillis + 1 - clock.millis());
    }

    /** A frame of {@code bytes} was written, or failed: either way it is no longer in flight. */
    void done(int bytes) {
        bytesInFlight = Math.max(0, bytesInFlight - bytes);
        waitingSince = bytesInFlight == 0 ? -1 : clock.millis();
    }

    long bytesInFlight() {
        return bytesInFlight;
    }
}
