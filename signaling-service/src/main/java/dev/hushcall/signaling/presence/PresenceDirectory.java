package dev.hushcall.signaling.presence;

import dev.hushcall.protocol.DeviceAddress;
import java.util.Optional;

/**
 * Which node holds each connected device's socket, across all nodes. An entry may outlive a node that died;
 * a frame sent there is not lost, because it waits in the device's mailbox until the device reconnects.
 * Implementations live in {@code store.*}.
 */
public interface PresenceDirectory {

    void online(DeviceAddress device, String nodeId);

    /** Removes the entry only if it still names {@code nodeId}: the device may already be on another node. */
    void offline(DeviceAddress device, String nodeId);

    Optional<String> nodeOf(DeviceAddress device);
}
