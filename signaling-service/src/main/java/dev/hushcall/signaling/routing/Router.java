package dev.hushcall.signaling.routing;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.presence.PresenceDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Delivers server frames to devices at least once: every frame goes into the device's mailbox first and
 * leaves it only when the device acknowledges it or it expires, so a socket, or a node, that drops loses
 * nothing. A frame for a device connected to another node reaches it over the {@link NodeBus}.
 */
@Service
public class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /**
     * Whether a frame went to a live socket now (here or on another node), waits in the mailbox, or was refused
     * because the device's mailbox is full (hushcall.delivery.mailbox-frames / mailbox-bytes).
     */
    public enum Delivery { LIVE, QUEUED, REFUSED }

    private static final Duration UNHEARD_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final MailboxStore mailboxes;
    private final Connections connections;
    private final PresenceDirectory presence;
    private final NodeBus bus;
    private final NodeId node;
    private final DeliveryProperties properties;
    private final CallMetrics metrics;
    private final MailboxStore.Capacity capacity;
    private final Clock clock;
    /** Devices connected here whose mailbox must be re-read: frames published to them while the bus was away. */
    private final Set<DeviceAddress> unsynced = ConcurrentHashMap.newKeySet();
    /** When each silent node was last warned about ({@link #unheard}). */
    private final Map<String, Instant> unheardWarned = new ConcurrentHashMap<>();

    Router(MailboxStore mailboxes, Connections connections, PresenceDirectory presence, NodeBus bus, NodeId node,
           DeliveryProperties properties, CallMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.mailboxes = mailboxes;
        this.connections = connections;
        this.presence = presence;
        this.bus = bus;
        this.node = node;
        this.properties = properties;
        this.capacity = properties.mailboxCapacity();
        this.clock = clock;
    }

    /**
     * A fresh id for a frame the server delivers. Unique, not secret (a device can only ack frames of its own
     * mailbox), so it comes from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} serializes every socket
     * thread on the JVM's one SecureRandom.
     */
    public static String newMessageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Queues {@code message} for {@code device} until {@code expiresAt}, then sends it wherever the device is connected. */
    public Delivery deliver(DeviceAddress device, ServerMessage.Delivered message, Instant expiresAt) {
        String frame = ProtocolJson.encode(message);
        var appended = mailboxes.appendAndSend(device, new Envelope(message.id(), message.callId(), frame, expiresAt),
                capacity, node.value());
        if (!appended.stored()) {
            metrics.mailboxFull();
            return Delivery.REFUSED;
        }
        metrics.routed(ProtocolJson.typeId(message));
        var outgoing = new DeviceConnection.Outgoing(message.id(), frame);
        var here = connections.find(device);
        if (here.isPresent()) {
            here.get().deliver(outgoing);
            return Delivery.LIVE;
        }
        var elsewhere = (appended.located() ? appended.node() : presence.nodeOf(device))
                .filter(n -> !n.equals(node.value()));
        if (elsewhere.isPresent()) {
            boolean heard = switch (appended.published()) {
                case HEARD -> true;
                case UNHEARD -> false;
                case NOT_TRIED -> bus.publish(elsewhere.get(), device, outgoing);
            };
            if (heard) {
                return Delivery.LIVE;
            }
            unheard(elsewhere.get());
        }
        return Delivery.QUEUED;
    }

    /**
     * The node the presence directory names for a device heard nothing: it died or lost Redis, and its devices have
     * yet to connect elsewhere. Their frames wait in their mailboxes (an offer's push goes out as for any device that
     * is not connected). Logged once a minute per node: during a node's death every frame for its devices ends here.
     */
    private void unheard(String deadNode) {
        metrics.unheard();
        Instant now = clock.instant();
        Instant last = unheardWarned.get(deadNode);
        if (last == null || !now.isBefore(last.plus(UNHEARD_WARNING_INTERVAL))) {
            unheardWarned.put(deadNode, now);
            log.warn("node {} did not hear a frame published to it: it stopped or lost Redis; frames for its devices wait "
                    + "in their mailboxes until they connect again", deadNode);
        }
    }

    /** Queues {@code message} for the grace period: the default lifetime of anything but an offer. */
    public Delivery deliver(DeviceAddress device, ServerMessage.Delivered message) {
        return deliver(device, message, clock.instant().plus(properties.gracePeriod()));
    }

    /** A device connected here: it becomes reachable and receives everything still pending, in order. */
    public void attach(DeviceConnection connection) {
        connections.attach(connection).ifPresent(old -> old.close(4409, "replaced by a newer connection"));
        presence.online(connection.device(), node.value());
        List<DeviceConnection.Outgoing> pending = pendingFor(connection.device());
        metrics.connectedWithPending(pending.size());
        connection.replay(pending);
    }

    public void detach(DeviceConnection connection) {
        connections.detach(connection);
        if (connections.find(connection.device()).isEmpty()) {
            try {
                presence.offline(connection.device(), node.value());
            } catch (Unavailable e) {
                // The entry goes stale; frames sent to this node for the device wait in its mailbox.
                log.warn("could not mark {} offline: {}", connection.device(), e.getMessage());
            }
        }
    }

    /** The device handled the frame {@code messageId}: its mailbox forgets it, now or within moments. */
    public void acknowledged(DeviceAddress device, String messageId) {
        mailboxes.acknowledge(device, messageId);
    }

    /** Drops what {@code devices} have not yet received of a call that is over. */
    public void forgetCall(List<DeviceAddress> devices, String callId) {
        mailboxes.removeCall(devices, callId);
    }

    /** Drops everything waiting for {@code device}: it was deleted or re-registered. */
    public void forgetDevice(DeviceAddress device) {
        mailboxes.drop(device);
    }

    @EventListener(ApplicationReadyEvent.class)
    void listen() {
        bus.listen((device, frame) -> connections.find(device).ifPresent(c -> c.deliver(frame)), this::resync);
    }

    /**
     * Re-reads every local device's mailbox: after the bus was away, frames published meanwhile were missed. A device
     * whose read fails (Redis is back but still loading its data, say) is read again by {@link #retryResync} until it
     * succeeds or the device leaves (its next connection replays its mailbox anyway).
     */
    void resync() {
        connections.all().forEach(connection -> unsynced.add(connection.device()));
        retryResync();
    }

    @Scheduled(fixedDelay = 1_000)
    synchronized void retryResync() {
        int failed = 0;
        String reason = null;
        for (DeviceAddress device : unsynced) {
            var here = connections.find(device);
            try {
                here.ifPresent(connection -> pendingFor(device).forEach(connection::deliver));
                unsynced.remove(device);
            } catch (Unavailable e) {
                failed++;
                reason = e.getMessage();
            }
        }
        if (failed > 0) {
            log.warn("mailbox re-read of {} device(s) failed, trying again in a second: {}", failed, reason);
        }
    }

    private List<DeviceConnection.Outgoing> pendingFor(DeviceAddress device) {
        return mailboxes.pending(device, clock.instant()).stream()
                .map(e -> new DeviceConnection.Outgoing(e.id(), e.frame()))
                .toList();
    }

    @Scheduled(fixedDelayString = "${hushcall.delivery.purge-interval}")
    void purgeExpired() {
        try {
            mailboxes.purgeExpired(clock.instant());
        } catch (Unavailable e) {
            log.warn("mailbox purge skipped: {}", e.getMessage());
        }
    }
}
