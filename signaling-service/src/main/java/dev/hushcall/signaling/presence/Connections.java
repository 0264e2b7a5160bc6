package dev.hushcall.signaling.presence;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Which devices have a live socket on this node: at most one socket per device. Also which registration generations
 * were revoked lately, so a socket whose ticket passed its check just before the revocation cannot attach just after
 * it.
 */
@Component
public class Connections {

    /**
     * How long a revoked generation is remembered here. It covers the moments between a ticket's check and its socket
     * attaching; a ticket redeemed later is refused by its check.
     */
    static final Duration REMEMBER_REVOKED = Duration.ofMinutes(5);

    /** A socket of a revoked registration tried to attach; it was not. */
    public static final class Revoked extends RuntimeException {
        Revoked(DeviceAddress device) {
            super("device " + device + " was revoked", null, false, false);
        }
    }

    private record Registration(DeviceAddress device, long generation) {
    }

    private final ConcurrentMap<DeviceAddress, DeviceConnection> live = new ConcurrentHashMap<>();
    private final ConcurrentMap<Registration, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;

    public Connections(Clock clock) {
        this.clock = clock;
    }

    /**
     * Makes {@code connection} the device's socket; returns the one it replaced, which the caller closes.
     *
     * @throws Revoked when the connection's registration was revoked: it is not attached
     */
    public Optional<DeviceConnection> attach(DeviceConnection connection) {
        Registration registration = new Registration(connection.device(), connection.generation());
        List<DeviceConnection> replaced = new ArrayList<>(1);
        // Checked inside compute, which revoke() also takes for the device: either this sees the revocation, or the
        // revocation finds this connection.
        live.compute(connection.device(), (device, old) -> {
            if (revoked.containsKey(registration)) {
                throw new Revoked(device);
            }
            if (old != null) {
                replaced.add(old);
            }
            return connection;
        });
        return replaced.stream().findFirst();
    }

    /**
     * Remembers that the device's registration {@code generation} is revoked and forgets its socket here, if it has
     * one of that generation; returns it, for the caller to close.
     */
    public Optional<DeviceConnection> revoke(DeviceAddress device, long generation) {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> until.isBefore(now));
        revoked.put(new Registration(device, generation), now.plus(REMEMBER_REVOKED));
        List<DeviceConnection> removed = new ArrayList<>(1);
        live.computeIfPresent(device, (d, current) -> {
            if (current.generation() != generation) {
                return current;
            }
            removed.add(current);
            return null;
        });
        return removed.stream().findFirst();
    }

    /** Forgets {@code connection} unless a newer socket of the same device already replaced it. */
    public void detach(DeviceConnection connection) {
        live.remove(connection.device(), connection);
    }

    public Optional<DeviceConnection> find(DeviceAddress device) {
        return Optional.ofNullable(live.get(device));
    }

    public Collection<DeviceConnection> all() {
        return List.copyOf(live.values());
    }

    public int count() {
        return live.size();
    }
}
