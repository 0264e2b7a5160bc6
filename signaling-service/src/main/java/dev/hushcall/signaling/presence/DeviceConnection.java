package dev.hushcall.signaling.presence;

import dev.hushcall.protocol.DeviceAddress;
import java.util.List;

/** A device's live socket on this node, as routing sees it. */
public interface DeviceConnection {

    /** A frame the device must acknowledge, with its server id. */
    record Outgoing(String id, String frame) {
        @Override
        public String toString() {
            return "Outgoing[id=" + id + "]";
        }
    }

    /**
     * Close code of a socket whose device was deleted or re-registered (docs/protocol.md, "Close codes"): the client
     * must not reconnect with that registration. 4401 and 4409 are the socket layer's, next to it.
     */
    int CLOSE_REVOKED = 4410;

    DeviceAddress device();

    /** The registration generation the socket's ticket was issued under (see {@code keys.KeyStore}). */
    long generation();

    /**
     * Sends a frame once this connection has replayed what was pending; before that it is a no-op, because
     * the frame is already in the mailbox the replay reads. A frame already sent on this connection is skipped.
     */
    void deliver(Outgoing frame);

    /**
     * Sends what was pending when the device connected, in order and as fast as the device takes it, then lets
     * {@link #deliver} through: live frames that come meanwhile follow the backlog. Returns without waiting.
     */
    void replay(List<Outgoing> pending);

    /** Closes the socket with a WebSocket close code (4000–4999 are Hushcall's, see docs/protocol.md). */
    void close(int code, String reason);
}
