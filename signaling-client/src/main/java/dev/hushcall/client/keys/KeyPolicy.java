package dev.hushcall.client.keys;

/**
 * When to refill one-time prekeys and how many to keep on the server.
 *
 * @param refillBelow refill when the server holds fewer one-time keys of a kind than this
 * @param refillTo    how many of each kind to hold after a refill (also the count uploaded at registration)
 */
public record KeyPolicy(int refillBelow, int refillTo) {

    /** The server accepts at most this many keys of each kind per upload. */
    public static final int MAX_PER_UPLOAD = 100;

    public static final KeyPolicy DEFAULT = new KeyPolicy(20, 100);

    public KeyPolicy {
        if (refillBelow < 0 || refillTo < refillBelow || refillTo > MAX_PER_UPLOAD) {
            throw new IllegalArgumentException("need 0 <= refillBelow <= refillTo <= " + MAX_PER_UPLOAD
                    + ", got " + refillBelow + " and " + refillTo);
        }
    }
}
