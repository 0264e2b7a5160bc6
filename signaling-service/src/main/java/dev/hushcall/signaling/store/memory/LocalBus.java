package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.routing.NodeBus;
import java.util.function.BiConsumer;

/** The bus of the embedded default: there is no other node, so nothing is ever published. */
public class LocalBus implements NodeBus {

    @Override
    public void publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame) {
        throw new IllegalStateException("one node: no frame can be for node " + nodeId);
    }

    @Override
    public void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
    }
}
