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

    DeviceAddress device();

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
