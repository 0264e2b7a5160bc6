package dev.hushcall.signaling.ws;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;

/**
 * Frames sent while one thread handles what a socket had to read, written together once it is done: the replies to
 * a burst of frames read at once go out in one write, and so do the frames that burst delivers to each other socket.
 * Only the embedded node's selector threads open a batch ({@link SelectorHandshaker}), where a burst is handled
 * without waiting on anything; on every other thread a frame is written as it is sent.
 *
 * <p>Jetty does the joining: a frame sent as part of a batch is copied into the socket's batch buffer (when it is
 * small; a large one is written at once, with whatever the buffer held before it), and a flush writes the buffer.
 * Order is kept either way, also with frames other threads send to the same socket meanwhile.
 */
final class WriteBatch {

    private static final ThreadLocal<WriteBatch> THREAD = ThreadLocal.withInitial(WriteBatch::new);

    /** Sockets sent to in the open batch, each once; usually one or two. */
    private final List<CoreSession> sent = new ArrayList<>(4);
    private boolean open;

    private WriteBatch() {
    }

    /** Runs {@code work} with a batch open on this thread, then flushes every socket it sent to. */
    static void around(Runnable work) {
        WriteBatch batch = THREAD.get();
        if (batch.open) {
            work.run();
            return;
        }
        batch.open = true;
        try {
            work.run();
        } finally {
            batch.open = false;
            batch.flush();
        }
    }

    /** Sends a frame: into this thread's open batch if it has one, else written now. */
    static void send(CoreSession session, Frame frame, Callback callback) {
        WriteBatch batch = THREAD.get();
        if (!batch.open) {
            session.sendFrame(frame, callback, false);
            return;
        }
        if (!batch.sent.contains(session)) {
            batch.sent.add(session);
        }
        session.sendFrame(frame, callback, true);
    }

    private void flush() {
        for (CoreSession session : sent) {
            session.flush(Callback.NOOP);
        }
        sent.clear();
    }
}
