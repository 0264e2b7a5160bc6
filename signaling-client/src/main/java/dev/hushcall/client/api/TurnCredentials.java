package dev.hushcall.client.api;

import java.util.List;

/**
 * Short-lived TURN credentials (coturn {@code use-auth-secret}): hand them to the ICE agent as is.
 *
 * @param ttl seconds the credentials stay valid
 */
public record TurnCredentials(String username, String password, long ttl, List<String> uris) {

    @Override
    public String toString() {
        // The password opens the relay for anyone holding it: keep it out of logs.
        return "TurnCredentials[username=" + username + ", ttl=" + ttl + ", uris=" + uris + "]";
    }
}
