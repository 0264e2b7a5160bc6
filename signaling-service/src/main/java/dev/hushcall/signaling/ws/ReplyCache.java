package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers which client frames were already acted on, so a frame resent after a reconnect (same
 * {@code id}) is acked again instead of routed twice. Implementations live in {@code store.*}.
 */
public interface ReplyCache {

    /** True the first time a device's frame id is seen; false if it was already seen and not yet expired. */
    boolean firstTime(DeviceAddress device, String frameId, Instant expiresAt);

    /** Forgets a frame id, so a frame that was refused may be sent again with the same id. */
    void forget(DeviceAddress device, String frameId);
}
