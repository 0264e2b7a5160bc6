package dev.hushcall.client.transport;

import java.net.URI;
import java.time.Duration;

/**
 * Opens raw WebSockets for {@link WebSocketTransport}, which keeps everything else: tickets, reconnects with
 * backoff, resending unacked frames, pings and acks. The default is {@link JdkWebSocketFactory}
 * ({@code java.net.http}); Android has no {@code java.net.http}, so an app there adapts its own client, e.g.
 * OkHttp's {@code newWebSocket(request, listener)}: {@code onOpen} → {@link Events#onOpen},
 * {@code onMessage(String)} → {@link Events#onText}, {@code onClosed} → {@link Events#onClosed},
 * {@code onFailure} → {@link Events#onFailure}; {@code send}, {@code close} and {@code cancel} make the
 * {@link Socket}.
 */
@FunctionalInterface
public interface WebSocketFactory {

    /**
     * Starts opening a socket to {@code uri} and returns at once. Everything that happens to it is told to
     * {@code events}: first {@code onOpen} or {@code onFailure}; after {@code onOpen}, any number of
     * {@code onText}, then at most one {@code onClosed} or {@code onFailure}. Calls for one socket come one at a
     * time, on any thread.
     *
     * @param connectTimeout how long the handshake may take before it counts as failed
     */
    void open(URI uri, Duration connectTimeout, Events events);

    /** An open socket. Safe to call from any thread; sends leave in call order. */
    interface Socket {

        /** Queues one complete text frame. A frame lost with the socket is resent by the transport. */
        void send(String text);

        /** Starts a close handshake with {@code code}, then lets the socket go. */
        void close(int code, String reason);

        /** Drops the connection at once, without a close handshake. */
        void abort();
    }

    /** What one socket tells the transport. */
    interface Events {

        void onOpen(Socket socket);

        /** One complete text message (a fragmented message is reassembled first). */
        void onText(String text);

        void onClosed(int code, String reason);

        /** The handshake failed, or an open socket broke. */
        void onFailure(Throwable error);
    }
}
