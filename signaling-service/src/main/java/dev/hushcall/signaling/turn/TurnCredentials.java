package dev.hushcall.signaling.turn;

import dev.hushcall.protocol.ServerMessage;
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
public record TurnCredentials(String username, String password, long ttl, List<URI> uris) {

    /** The same credentials as the socket's answer to the {@code turn.request} {@code ref}. */
    public ServerMessage.TurnCredentials toFrame(String ref) {
        return new ServerMessage.TurnCredentials(ref, username, password, ttl,
                uris.stream().map(URI::toString).toList());
    }

    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + ", password=****, ttl=" + ttl + ", uris=" + uris + "]";
    }
}
