package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import java.util.ArrayDeque;
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
 *
 * <p>What was pending when the device connected goes out as the socket takes it: the next backlog frame is sent as
 * earlier writes complete, within half the send window, so a backlog of any size reaches a device that keeps reading
 * (issue 15: a 4 MB backlog pushed at once overflowed the window, and the device was dropped on every reconnect).
 * Live frames that come meanwhile wait behind the backlog; once it is out they are sent as they come.
 */
final class SocketConnection implements DeviceConnection {

    /** Runs a task after a delay: how a connection notices a device that takes none of its backlog. */
    @FunctionalInterface
    interface Timers {
        /** Schedules {@code task}; returns what cancels it. */
        Runnable schedule(Runnable task, long delayMillis);
    }

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);
    /** Ids of frames sent on this socket; enough to cover what a device can have pending. */
    private static final int REMEMBERED_IDS = 2048;

    private final DeviceAddress device;
    private final long generation;
    private final CoreSession session;
    private final SendWindow window;
    private final Timers timers;
    private final Set<String> sent = new LinkedHashSet<>();
    /**
     * Frames waiting their turn: the live ones that come before the replay, then the backlog followed by the live
     * ones that come while it goes out. Null once all of it went out; live frames then go straight to the socket.
     */
    private ArrayDeque<Outgoing> queued = new ArrayDeque<>();
    /** Whether the replay has begun: before it, nothing queued may go, because the backlog must go first. */
    private boolean replaying;
    /** Whether {@link #pump} is running: a write that completes within it does not start it again. */
    private boolean pumping;
    /** Cancels the check for a device that takes none of its backlog; null while none is scheduled. */
    private Runnable stallCheck;

    /** Set once the device's registration was revoked: frames still arriving from it are not acted on. */
    private volatile boolean revoked;

    SocketConnection(DeviceAddress device, long generation, CoreSession session, SendWindow window, Timers timers) {
        this.device = device;
        this.generation = generation;
        this.session = session;
        this.window = window;
        this.timers = timers;
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
     * Sends a live frame, or, until the backlog is out, queues it behind: the router reads the mailbox for the replay
     * after this connection became findable, so a frame queued between that read and the replay is in neither unless
     * kept, and one that comes during the replay must not overtake the backlog.
     */
    @Override
    public synchronized void deliver(Outgoing frame) {
        if (queued != null) {
            queued.add(frame);
        } else {
            sendOnce(frame);
        }
    }

    /**
     * Starts sending what the mailbox held, then the live frames that came meanwhile, as fast as the device takes
     * them; a frame in both goes out once.
     */
    @Override
    public synchronized void replay(List<Outgoing> pending) {
        if (queued == null) {
            pending.forEach(this::sendOnce);
            return;
        }
        if (pending.isEmpty() && queued.isEmpty()) {
            // Nothing waited, as for most sockets: live frames go straight out from now on.
            queued = null;
            return;
        }
        ArrayDeque<Outgoing> backlog = new ArrayDeque<>(pending.size() + queued.size());
        backlog.addAll(pending);
        backlog.addAll(queued);
        queued = backlog;
        replaying = true;
        pump();
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
    private synchronized void drop(String why) {
        log.debug("dropping the connection of {}: {}", device, why);
        if (queued != null) {
            queued.clear();
        }
        session.abort();
    }

    private synchronized void written(int bytes) {
        window.done(bytes);
        if (replaying && queued != null) {
            pump();
        }
    }

    /**
     * Sends queued frames while they fit in the backlog's half of the window; called again as writes complete. When
     * the queue is empty, live frames go straight out from then on.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (queued != null && !queued.isEmpty()) {
                if (!session.isOutputOpen()) {
                    queued.clear();
                    break;
                }
                Outgoing next = queued.peek();
                if (sent.contains(next.id())) {
                    queued.poll();
                } else if (window.hasRoomForBacklog(next.frame().length())) {
                    queued.poll();
                    sendOnce(next);
                } else {
                    awaitWrites();
                    return;
                }
            }
            queued = null;
            if (stallCheck != null) {
                stallCheck.run();
                stallCheck = null;
            }
        } finally {
            pumping = false;
        }
    }

    /**
     * The backlog waits for earlier frames to be written. Writes completing call {@link #pump}; if none completes
     * within {@code send-time-limit}, nothing else would notice (live frames queue behind the backlog instead of
     * meeting the window), so a timer does.
     */
    private void awaitWrites() {
        if (stallCheck == null) {
            stallCheck = timers.schedule(this::checkStalled, Math.max(0, window.millisUntilStalled()));
        }
    }

    private synchronized void checkStalled() {
        stallCheck = null;
        if (queued == null) {
            return;
        }
        long wait = window.millisUntilStalled();
        if (wait == 0) {
            drop("it took none of its backlog for too long (" + window.bytesInFlight() + " bytes waiting, "
                    + queued.size() + " frames queued)");
        } else if (wait > 0) {
            stallCheck = timers.schedule(this::checkStalled, wait);
        } else {
            pump();
        }
    }
}
