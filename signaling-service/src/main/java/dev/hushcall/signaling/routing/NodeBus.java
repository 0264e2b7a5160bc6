package dev.hushcall.signaling.routing;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import java.util.function.BiConsumer;

/**
 * Carries a frame to the node that holds the recipient's socket. Best effort by design: the frame is already
 * in the recipient's mailbox, so a lost notification only delays it until the device's next connection.
 * Implementations live in {@code store.*}.
 */
public interface NodeBus {

    /**
     * Publishes {@code frame} for {@code device} to node {@code nodeId}.
     *
     * @return whether a node listened on that node's channel; false when none did: the node stopped, or lost its
     *         connection to the bus, and the frame waits in the mailbox until the device connects again
     */
    boolean publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame);

    /**
     * Starts delivering frames published to this node. {@code onResubscribed} runs after the bus reconnects,
     * because frames published while it was away were missed and must be re-read from mailboxes.
     */
    void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed);

    /**
     * Tells every node, this one included, that registration {@code generation} of {@code device} is revoked (the
     * device was deleted or re-registered): each closes the device's sockets of that generation. Best effort like
     * frames: a node that missed it re-checks its sockets when it resubscribes.
     */
    void publishRevocation(DeviceAddress device, long generation);

    /**
     * Starts receiving revocations from every node. {@code onResubscribed} runs after the bus reconnects, because
     * revocations published while it was away were missed.
     */
    void listenForRevocations(BiConsumer<DeviceAddress, Long> receiver, Runnable onResubscribed);
}
