package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.keys.DeviceDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.springframework.stereotype.Service;

/**
 * Single-use, short-lived tickets that open a socket. Only a SHA-256 digest of a ticket is stored, so a
 * leaked store cannot be replayed. A ticket names the registration generation of its device: one issued before the
 * device was deleted or re-registered is refused, whatever now holds the id.
 */
@Service
public class Tickets {

    /** A freshly issued ticket and when it stops working. */
    public record Issued(String ticket, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[ticket=****, expiresAt=" + expiresAt + "]";
        }
    }

    /** A redeemed ticket: the device it opens a socket for, under the registration generation it was issued to. */
    public record Redeemed(DeviceAddress device, long generation) {
    }

    private final TicketStore store;
    private final DeviceDirectory devices;
    private final AuthProperties properties;
    private final Clock clock;
    /**
     * One generator per thread: the platform default (NativePRNG) serializes every caller on one lock, which
     * socket-opening threads queued on under load. DRBG instances are independent and seeded from the OS.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Tickets::drbg);
    /** One digest per thread: looking the algorithm up in the provider list for every ticket showed in profiles. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    Tickets(TicketStore store, DeviceDirectory devices, AuthProperties properties, Clock clock) {
        this.store = store;
        this.devices = devices;
        this.properties = properties;
        this.clock = clock;
    }

    /** A ticket for {@code device} as registered under {@code generation}. */
    public Issued issue(DeviceAddress device, long generation) {
        byte[] raw = new byte[32];
        RANDOM.get().nextBytes(raw);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expiresAt = clock.instant().plus(properties.ticketTtl());
        store.put(digest(ticket), new TicketStore.Grant(device.user(), device.deviceId(), generation, expiresAt));
        return new Issued(ticket, expiresAt);
    }

    /**
     * The device the ticket was issued to, if it is still registered as it was then; the ticket is spent whether or not
     * it was still valid.
     */
    public Redeemed redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 128) {
            throw new ProtocolException(ErrorCode.TICKET_INVALID, "open the socket with ?ticket= from POST /v1/ws/ticket");
        }
        TicketStore.Grant grant = store.take(digest(ticket)).orElseThrow(() ->
                new ProtocolException(ErrorCode.TICKET_INVALID, "this ticket is unknown or was already used"));
        if (!clock.instant().isBefore(grant.expiresAt())) {
            throw new ProtocolException(ErrorCode.TICKET_EXPIRED,
                    "this ticket expired; get a new one from POST /v1/ws/ticket right before connecting");
        }
        DeviceAddress device = new DeviceAddress(grant.user(), grant.deviceId());
        if (devices.generation(device).orElse(-1) != grant.generation()) {
            throw new ProtocolException(ErrorCode.TICKET_INVALID,
                    "this ticket's device was deleted or registered again since; register and get a new ticket");
        }
        return new Redeemed(device, grant.generation());
    }

    private static String digest(String ticket) {
        byte[] hash = SHA_256.get().digest(ticket.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 9+ runtime has DRBG", e);
        }
    }
}
