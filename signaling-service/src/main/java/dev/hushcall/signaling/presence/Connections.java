package dev.hushcall.signaling.presence;

import dev.hushcall.protocol.DeviceAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/** Which devices have a live socket on this node: at most one socket per device. */
@Component
public class Connections {

    private final ConcurrentMap<DeviceAddress, DeviceConnection> live = new ConcurrentHashMap<>();

    /** Makes {@code connection} the device's socket; returns the one it replaced, which the caller closes. */
    public Optional<DeviceConnection> attach(DeviceConnection connection) {
        return Optional.ofNullable(live.put(connection.device(), connection));
    }

    /** Forgets {@code connection} unless a newer socket of the same device already replaced it. */
    public void detach(DeviceConnection connection) {
        live.remove(connection.device(), connection);
    }

    public Optional<DeviceConnection> find(DeviceAddress device) {
        return Optional.ofNullable(live.get(device));
    }

    public java.util.Collection<DeviceConnection> all() {
        return java.util.List.copyOf(live.values());
    }

    public int count() {
        return live.size();
    }
}
