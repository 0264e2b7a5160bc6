package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's socket. Sends are serialized here so replay and live delivery keep their order; Jetty writes them in
 * that order without blocking the sender, and a device too slow to take them is disconnected ({@link SendWindow}).
 */
final class SocketConnection implements DeviceConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);
    /** Ids of frames sent on this socket; enough to cover what a device can have pending. */
    private static final int REMEMBERED_IDS = 2048;

    private final DeviceAddress device;
    private final long generation;
    private final CoreSession session;
    private final SendWindow window;
    private final Set<String> sent = new LinkedHashSet<>();
    /** Set once the device's registration was revoked: frames still arriving from it are not acted on. */
    private volatile boolean revoked;
    /** Live frames that came while the mailbox was being read for the replay; null once replayed. */
    private List<Outgoing> beforeReplay = new ArrayList<>();

    SocketConnection(DeviceAddress device, long generation, CoreSession session, SendWindow window) {
        this.device = device;
        this.generation = generation;
        this.session = session;
        this.window = window;
    }

    @Override
    public DeviceAddress device() {
        return device;
    }

    @Override
    public long generation() {
        return generation;
    }

    /**
     * Sends a live frame, or, until the replay, keeps it for after: the router reads the mailbox for the replay after
     * this connection became findable, so a frame queued between that read and the replay is in neither unless kept.
     */
    @Override
    public synchronized void deliver(Outgoing frame) {
        if (beforeReplay != null) {
            beforeReplay.add(frame);
        } else {
            sendOnce(frame);
        }
    }

    /** Sends what the mailbox held, then the live frames that came meanwhile; a frame in both goes out once. */
    @Override
    public synchronized void replay(List<Outgoing> pending) {
        pending.forEach(this::sendOnce);
        if (beforeReplay != null) {
            beforeReplay.forEach(this::sendOnce);
            beforeReplay = null;
        }
    }

    /** Acks and errors: answers to the device's own frames, never queued. */
    synchronized void reply(String frame) {
        send(frame);
    }

    @Override
    public void close(int code, String reason) {
        if (code == CLOSE_REVOKED) {
            revoked = true;
        }
        session.close(code, reason, Callback.NOOP);
    }

    /** Whether the device's registration was revoked; its socket is closing. */
    boolean isRevoked() {
        return revoked;
    }

    private void sendOnce(Outgoing frame) {
        if (!sent.add(frame.id())) {
            return;
        }
        if (sent.size() > REMEMBERED_IDS) {
            Iterator<String> oldest = sent.iterator();
            oldest.next();
            oldest.remove();
        }
        send(frame.frame());
    }

    private void send(String text) {
        if (!session.isOutputOpen()) {
            return;
        }
        // Counted in characters: frames are JSON with base64 payloads, so nearly all are one byte.
        int bytes = text.length();
        if (!window.admit(bytes)) {
            drop("it takes its frames too slowly (" + window.bytesInFlight() + " bytes waiting)");
            return;
        }
        sendText(session, text, Callback.from(() -> written(bytes), failure -> {
            written(bytes);
            drop("a send failed (" + failure.getClass().getSimpleName() + ")");
        }));
    }

    /**
     * One text frame, queued behind the socket's earlier frames and never blocking; written now, or with the rest of
     * this thread's {@link WriteBatch} if it has one open.
     */
    static void sendText(CoreSession session, String text, Callback callback) {
        WriteBatch.send(session, new Frame(OpCode.TEXT, text), callback);
    }

    /**
     * Drops the connection without a close handshake: a close frame would queue behind what the device is not
     * reading. What it did not acknowledge stays in its mailbox and is sent again when it reconnects.
     */
    private void drop(String why) {
        log.debug("dropping the connection of {}: {}", device, why);
        session.abort();
    }

    private synchronized void written(int bytes) {
        window.done(bytes);
    }
}
