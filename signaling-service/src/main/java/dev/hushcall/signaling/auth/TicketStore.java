package dev.hushcall.signaling.auth;

import java.time.Instant;
import java.util.Optional;

/** Where single-use socket tickets wait to be redeemed. Implementations live in {@code store.*}. */
public interface TicketStore {

    /** A ticket's holder, the registration generation of the device it was issued to, and its deadline. */
    record Grant(String user, int deviceId, long generation, Instant expiresAt) {
    }

    /** Stores {@code grant} under the ticket's digest; the store may forget it once {@code expiresAt} is past. */
    void put(String ticketDigest, Grant grant);

    /** Removes and returns the grant atomically, so a ticket is redeemed at most once. */
    Optional<Grant> take(String ticketDigest);
}
