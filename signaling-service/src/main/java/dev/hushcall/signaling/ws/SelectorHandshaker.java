package dev.hushcall.signaling.ws;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.server.internal.AbstractHandshaker;
import org.eclipse.jetty.websocket.core.server.internal.RFC6455Negotiation;
import org.eclipse.jetty.websocket.core.server.internal.WebSocketNegotiation;
import org.eclipse.jetty.websocket.core.util.WebSocketUtils;

/**
 * The RFC 6455 upgrade (HTTP/1.1 {@code GET} with {@code Upgrade: websocket}), making sockets that read and handle
 * their frames on the selector thread that saw them arrive.
 *
 * <p>Jetty's own handshaker makes sockets that ask to be read on a pool thread: every time a socket becomes readable
 * the selector wakes another thread to read it, and that thread parks again after. On a node whose frame path never
 * blocks (state in memory: every store, the router and the sends only take short locks) that hand-off is pure cost,
 * and the frames here are small and many (38 per call set-up): without it the node made a third of the context
 * switches and used a fifth to a quarter less CPU per call set-up (docs/benchmarks.md). This handshaker is
 * used only there; with Redis, handling a frame waits on the network, which a selector thread must never do, and the
 * sockets keep Jetty's default. Everything else about the upgrade is Jetty's ({@link AbstractHandshaker}).
 */
final class SelectorHandshaker extends AbstractHandshaker {

    @Override
    public boolean isWebSocketUpgradeRequest(Request request) {
        return HttpMethod.GET.is(request.getMethod())
                && HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())
                && super.isWebSocketUpgradeRequest(request);
    }

    @Override
    protected WebSocketNegotiation newNegotiation(Request request, Response response, Callback callback,
                                                  WebSocketComponents components) {
        return new RFC6455Negotiation(request, response, callback, components);
    }

    @Override
    protected boolean validateNegotiation(WebSocketNegotiation negotiation) {
        if (!super.validateNegotiation(negotiation)) {
            return false;
        }
        if (((RFC6455Negotiation) negotiation).getKey() == null) {
            throw new BadMessageException("a socket upgrade needs a Sec-WebSocket-Key header");
        }
        return true;
    }

    @Override
    protected WebSocketConnection createWebSocketConnection(Request request, WebSocketCoreSession session) {
        ConnectionMetaData metaData = request.getConnectionMetaData();
        Connector connector = metaData.getConnector();
        return newWebSocketConnection(metaData.getConnection().getEndPoint(), connector.getExecutor(),
                connector.getScheduler(), connector.getByteBufferPool(), session);
    }

    @Override
    protected WebSocketConnection newWebSocketConnection(EndPoint endPoint, Executor executor, Scheduler scheduler,
                                                         ByteBufferPool buffers, WebSocketCoreSession session) {
        WebSocketConnection connection = new ReadOnSelector(endPoint, executor, scheduler, buffers, session);
        session.setWebSocketConnection(connection);
        return connection;
    }

    @Override
    protected void prepareResponse(Response response, WebSocketNegotiation negotiation) {
        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeader.UPGRADE.asString());
        response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT,
                WebSocketUtils.hashKey(((RFC6455Negotiation) negotiation).getKey()));
    }

    /**
     * A socket connection whose read interest says it does not block, so the selector runs it in place; the frames
     * that handling sends are written once it is done ({@link WriteBatch}).
     *
     * <p>A selector turn handles at most {@link #FRAMES_PER_TURN} frames or {@link #BYTES_PER_TURN} bytes of one
     * socket. Left alone, Jetty reads and handles a socket for as long as it has bytes, so one socket sending without
     * pause holds the selector, and every other socket on it waits (measured in docs/operations.md "Threads").
     * Past the budget the socket's next read is handed to the pool,
     * where it competes for the CPU like any thread, and it comes back to the selector once it has read all it had.
     */
    private static final class ReadOnSelector extends WebSocketConnection {

        /** Far above what a device sends at once (a call set-up is ~10 frames), far below a flood. */
        static final int FRAMES_PER_TURN = 32;
        /** Two of the largest frames the protocol allows. */
        static final int BYTES_PER_TURN = 128 * 1024;

        private final Readable readable = new Readable();
        /** The thread running this socket's turn on the selector (or opening it); null otherwise. */
        private volatile Thread turn;
        private long framesAtTurnStart;
        private long bytesAtTurnStart;
        /** The device asked for more after the turn's budget was spent; asked again once the turn ends. */
        private boolean demandDeferred;

        /** Called by the selector when the socket has bytes to read; reads and handles them in place. */
        private final class Readable implements Callback, Runnable {
            @Override
            public void succeeded() {
                WriteBatch.around(this);
            }

            @Override
            public void run() {
                turn(ReadOnSelector.this::onFillable);
            }

            @Override
            public void failed(Throwable cause) {
                onFillInterestedFailed(cause);
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        }

        ReadOnSelector(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool buffers,
                       WebSocketCoreSession session) {
            super(endPoint, executor, scheduler, buffers, session);
        }

        @Override
        public void fillInterested() {
            fillInterested(readable);
        }

        /**
         * Opening reads whatever the device sent behind its upgrade, on the thread that ran the upgrade: the selector
         * itself when Jetty runs the upgrade in place, so the same budget applies.
         */
        @Override
        public void onOpen() {
            turn(super::onOpen);
        }

        /** Runs reads and frames within one turn's budget; past it, the socket reads on in a pool thread. */
        private void turn(Runnable reading) {
            framesAtTurnStart = getMessagesIn();
            bytesAtTurnStart = getBytesIn();
            turn = Thread.currentThread();
            try {
                reading.run();
            } finally {
                turn = null;
            }
            if (demandDeferred) {
                demandDeferred = false;
                // Outside a fill, Jetty runs the next one on a pool thread.
                super.demand();
            }
        }

        /** Asked by the device's handler after each frame; on the selector, past the turn's budget, asked later. */
        @Override
        public void demand() {
            if (turn == Thread.currentThread() && turnSpent()) {
                demandDeferred = true;
                return;
            }
            super.demand();
        }

        private boolean turnSpent() {
            return getMessagesIn() - framesAtTurnStart >= FRAMES_PER_TURN
                    || getBytesIn() - bytesAtTurnStart >= BYTES_PER_TURN;
        }
    }
}
