package dev.hushcall.signaling.routing;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-device queues of frames not yet acknowledged. Implementations live in {@code store.*};
 * an appended envelope survives the socket, and in the Redis store the node, that carried it.
 */
public interface MailboxStore {

    /** How much one device's mailbox may hold. */
    record Capacity(int frames, long bytes) {
        public static final Capacity UNBOUNDED = new Capacity(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Appends {@code envelope} unless the mailbox would then hold more than {@code capacity} (frames, or bytes
     * counted as the frames' characters), atomically.
     *
     * @return whether it was appended
     */
    boolean append(DeviceAddress device, Envelope envelope, Capacity capacity);

    default void append(DeviceAddress device, Envelope envelope) {
        append(device, envelope, Capacity.UNBOUNDED);
    }

    /** Whether an append also published its frame to the node holding the device, and whether that node heard it. */
    enum Published { NOT_TRIED, HEARD, UNHEARD }

    /**
     * An append's outcome and, when the store read it in the same step ({@code located}), the node the presence
     * directory named for the device then: empty when it is connected nowhere.
     */
    record Appended(boolean stored, boolean located, Optional<String> node, Published published) {
        public static final Appended FULL = new Appended(false, false, Optional.empty(), Published.NOT_TRIED);
        public static final Appended NOT_LOCATED = new Appended(true, false, Optional.empty(), Published.NOT_TRIED);
    }

    /**
     * Appends as {@link #append(DeviceAddress, Envelope, Capacity)} does and, where the store keeps presence and the
     * node bus beside the mailbox, in the same step reads where the device is connected and, when that is a node other
     * than {@code thisNode}, publishes the frame to it: a frame for a device on another node then costs one round trip
     * in all. Others leave locating to the presence directory and publishing to the bus.
     */
    default Appended appendAndSend(DeviceAddress device, Envelope envelope, Capacity capacity, String thisNode) {
        return append(device, envelope, capacity) ? Appended.NOT_LOCATED : Appended.FULL;
    }

    /** Unexpired envelopes in the order they were appended. */
    List<Envelope> pending(DeviceAddress device, Instant now);

    /** Removes an acknowledged envelope; false if it was not there. */
    boolean remove(DeviceAddress device, String envelopeId);

    /**
     * Removes an acknowledged envelope now or within moments, whichever the store does cheaper, and never fails: an
     * envelope not yet removed is sent again if its device reconnects meanwhile, which at-least-once delivery allows
     * (devices de-duplicate by id). A store with round trips writes many acknowledgements in one.
     */
    default void acknowledge(DeviceAddress device, String envelopeId) {
        remove(device, envelopeId);
    }

    /**
     * Removes every envelope of a call from each of {@code devices}' mailboxes, when the call ends and they would only
     * confuse the devices. A store with round trips does all devices in one.
     */
    void removeCall(List<DeviceAddress> devices, String callId);

    /** Drops every envelope of {@code device}: it was deleted or re-registered, and none was sealed for its keys. */
    void drop(DeviceAddress device);

    /** Drops envelopes that expired before {@code now}. */
    void purgeExpired(Instant now);
}
