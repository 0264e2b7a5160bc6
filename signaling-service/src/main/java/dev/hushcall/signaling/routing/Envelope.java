package dev.hushcall.signaling.routing;

import java.time.Instant;

/**
 * A delivered frame waiting in a device's mailbox until the device acknowledges it or it expires.
 * {@code frame} is the encoded server frame: ciphertext and routing fields only.
 */
public record Envelope(String id, String callId, String frame, Instant expiresAt) {

    @Override
    public String toString() {
        return "Envelope[id=" + id + ", callId=" + callId + ", expiresAt=" + expiresAt + "]";
    }
}
