package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.routing.NodeBus;
import java.util.function.BiConsumer;

/** The bus of the embedded default: there is no other node, so frames are never published and revocations stay here. */
public class LocalBus implements NodeBus {

    private volatile BiConsumer<DeviceAddress, Long> revocations = (device, generation) -> { };

    @Override
    public boolean publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame) {
        throw new IllegalStateException("one node: no frame can be for node " + nodeId);
    }

    @Override
    public void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
    }

    @Override
    public void publishRevocation(DeviceAddress device, long generation) {
        revocations.accept(device, generation);
    }

    @Override
    public void listenForRevocations(BiConsumer<DeviceAddress, Long> receiver, Runnable onResubscribed) {
        revocations = receiver;
    }
}
