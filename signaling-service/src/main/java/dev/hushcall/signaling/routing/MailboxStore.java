package dev.hushcall.signaling.routing;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Instant;
import java.util.List;

/**
 * Per-device queues of frames not yet acknowledged. Implementations live in {@code store.*};
 * an appended envelope survives the socket, and in the Redis store the node, that carried it.
 */
public interface MailboxStore {

    void append(DeviceAddress device, Envelope envelope);

    /** Unexpired envelopes in the order they were appended. */
    List<Envelope> pending(DeviceAddress device, Instant now);

    /** Removes an acknowledged envelope; false if it was not there. */
    boolean remove(DeviceAddress device, String envelopeId);

    /** Removes every envelope of a call, when the call ends and they would only confuse the device. */
    void removeCall(DeviceAddress device, String callId);

    /** Drops envelopes that expired before {@code now}. */
    void purgeExpired(Instant now);
}
