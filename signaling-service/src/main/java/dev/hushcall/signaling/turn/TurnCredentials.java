package dev.hushcall.signaling.turn;

import java.net.URI;
import java.util.List;

/**
 * What {@code GET /v1/turn/credentials} returns: coturn REST API credentials.
 *
 * @param username {@code <unix expiry seconds>:<opaque per-user id>}
 * @param password base64(HMAC-SHA1(secret, username))
 * @param ttl      seconds until the credentials expire
 * @param uris     the TURN servers they work with
 */
record TurnCredentials(String username, String password, long ttl, List<URI> uris) {

    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + ", password=****, ttl=" + ttl + ", uris=" + uris + "]";
    }
}
