package dev.hushcall.signaling.api;

/**
 * A backing service (Redis) did not answer in time. Clients get {@code unavailable} and retry; nothing they
 * sent was acknowledged, so nothing is lost.
 */
public class Unavailable extends RuntimeException {

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
