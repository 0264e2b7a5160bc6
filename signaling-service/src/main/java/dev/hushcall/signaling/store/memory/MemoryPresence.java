package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.PresenceDirectory;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Presence for one node: every connected device is here. */
public class MemoryPresence implements PresenceDirectory {

    private final ConcurrentMap<DeviceAddress, String> nodes = new ConcurrentHashMap<>();

    @Override
    public void online(DeviceAddress device, String nodeId) {
        nodes.put(device, nodeId);
    }

    @Override
    public void offline(DeviceAddress device, String nodeId) {
        nodes.remove(device, nodeId);
    }

    @Override
    public Optional<String> nodeOf(DeviceAddress device) {
        return Optional.ofNullable(nodes.get(device));
    }
}
