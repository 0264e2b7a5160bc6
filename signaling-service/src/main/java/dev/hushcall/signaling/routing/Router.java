package dev.hushcall.signaling.routing;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Delivers server frames to devices at least once: every frame goes into the device's mailbox first
 * and leaves it only when the device acknowledges it or it expires, so a socket that drops loses nothing.
 */
@Service
public class Router {

    /** Whether a frame reached a live socket now or waits in the mailbox. */
    public enum Delivery { LIVE, QUEUED }

    private final MailboxStore mailboxes;
    private final Connections connections;
    private final DeliveryProperties properties;
    private final Clock clock;

    Router(MailboxStore mailboxes, Connections connections, DeliveryProperties properties, Clock clock) {
        this.mailboxes = mailboxes;
        this.connections = connections;
        this.properties = properties;
        this.clock = clock;
    }

    /** A fresh id for a frame the server delivers. */
    public static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /** Queues {@code message} for {@code device} until {@code expiresAt} and sends it if the device is connected here. */
    public Delivery deliver(DeviceAddress device, ServerMessage.Delivered message, Instant expiresAt) {
        String frame = ProtocolJson.encode(message);
        mailboxes.append(device, new Envelope(message.id(), message.callId(), frame, expiresAt));
        return connections.find(device).map(connection -> {
            connection.deliver(new DeviceConnection.Outgoing(message.id(), frame));
            return Delivery.LIVE;
        }).orElse(Delivery.QUEUED);
    }

    /** Queues {@code message} for the grace period: the default lifetime of anything but an offer. */
    public Delivery deliver(DeviceAddress device, ServerMessage.Delivered message) {
        return deliver(device, message, clock.instant().plus(properties.gracePeriod()));
    }

    /** A device connected here: it becomes reachable and receives everything still pending, in order. */
    public void attach(DeviceConnection connection) {
        connections.attach(connection).ifPresent(old -> old.close(4409, "replaced by a newer connection"));
        List<DeviceConnection.Outgoing> pending = mailboxes.pending(connection.device(), clock.instant()).stream()
                .map(e -> new DeviceConnection.Outgoing(e.id(), e.frame()))
                .toList();
        connection.replay(pending);
    }

    public void detach(DeviceConnection connection) {
        connections.detach(connection);
    }

    public void acknowledged(DeviceAddress device, String messageId) {
        mailboxes.remove(device, messageId);
    }

    /** Drops what a device has not yet received of a call that is over. */
    public void forgetCall(DeviceAddress device, String callId) {
        mailboxes.removeCall(device, callId);
    }

    public boolean isConnectedHere(DeviceAddress device) {
        return connections.find(device).isPresent();
    }

    @Scheduled(fixedDelayString = "${hushcall.delivery.purge-interval}")
    void purgeExpired() {
        mailboxes.purgeExpired(clock.instant());
    }
}
