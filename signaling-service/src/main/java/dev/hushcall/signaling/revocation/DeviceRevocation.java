package dev.hushcall.signaling.revocation;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.call.CallProperties;
import dev.hushcall.signaling.call.RevokedDeviceCalls;
import dev.hushcall.signaling.keys.DeviceDirectory;
import dev.hushcall.signaling.keys.DeviceRevoked;
import dev.hushcall.signaling.keys.KeysProperties;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.routing.DeliveryProperties;
import dev.hushcall.signaling.routing.NodeBus;
import dev.hushcall.signaling.routing.Router;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What deleting or re-registering a device does beyond the key store (docs/protocol.md, "Deleting a device"): its
 * sockets close with 4410 on every node, its calls let go of it, its mailbox is dropped. Its unredeemed tickets need
 * nothing here: they name the registration generation, which no longer matches.
 *
 * <p>Why generations and a held id, rather than one of them: a re-registered device keeps its id, so only a
 * generation tells its old tickets and sockets from its new ones; and mailboxes, calls and frames in flight name a
 * device by id alone, so a deleted device's id is not handed to a new device until all of those can have expired
 * ({@code hushcall.keys.id-reuse-delay}) rather than carrying a generation through every store and frame.
 *
 * <p>Each step is best effort and runs even when an earlier one failed: the device is already gone from the key
 * store, and whatever a failed step leaves behind expires before its id is handed out again.
 */
@Component
class DeviceRevocation {

    private static final Logger log = LoggerFactory.getLogger(DeviceRevocation.class);

    private final NodeBus bus;
    private final Connections connections;
    private final DeviceDirectory devices;
    private final RevokedDeviceCalls calls;
    private final Router router;

    DeviceRevocation(NodeBus bus, Connections connections, DeviceDirectory devices, RevokedDeviceCalls calls,
                     Router router, KeysProperties keys, CallProperties callProperties, DeliveryProperties delivery) {
        this.bus = bus;
        this.connections = connections;
        this.devices = devices;
        this.calls = calls;
        this.router = router;
        Duration inFlight = callProperties.ringLifetime().plus(delivery.gracePeriod());
        if (keys.idReuseDelay().compareTo(inFlight) < 0) {
            throw new IllegalStateException("hushcall.keys.id-reuse-delay (" + keys.idReuseDelay()
                    + ") must be at least hushcall.calls.ring-lifetime + hushcall.delivery.grace-period (" + inFlight + ")");
        }
    }

    @EventListener
    void revoked(DeviceRevoked revoked) {
        DeviceAddress device = revoked.device();
        closeHere(device, revoked.generation());
        step("closing its sockets on other nodes", device, () -> bus.publishRevocation(device, revoked.generation()));
        step("taking it out of its calls", device, () -> calls.withdraw(device));
        // Last: ending its calls tells others, never the revoked device, so nothing lands here after this.
        step("dropping its mailbox", device, () -> router.forgetDevice(device));
    }

    @EventListener(ApplicationReadyEvent.class)
    void listen() {
        bus.listenForRevocations(this::closeHere, this::recheck);
    }

    private void closeHere(DeviceAddress device, long generation) {
        connections.revoke(device, generation).ifPresent(connection -> {
            log.debug("closing the socket of revoked device {}", device);
            connection.close(DeviceConnection.CLOSE_REVOKED, "device revoked");
        });
    }

    /** After the bus was away: a socket whose registration no longer matches missed its revocation. */
    private void recheck() {
        for (DeviceConnection connection : connections.all()) {
            try {
                if (devices.generation(connection.device()).orElse(-1) != connection.generation()) {
                    closeHere(connection.device(), connection.generation());
                }
            } catch (Unavailable e) {
                log.warn("could not re-check {}: {}", connection.device(), e.getMessage());
            }
        }
    }

    private static void step(String what, DeviceAddress device, Runnable action) {
        try {
            action.run();
        } catch (Unavailable e) {
            log.warn("revoking {}: {} failed: {}", device, what, e.getMessage());
        }
    }
}
