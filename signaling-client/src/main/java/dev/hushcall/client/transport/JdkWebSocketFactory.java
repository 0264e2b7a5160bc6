package dev.hushcall.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link WebSocketFactory}, on {@code java.net.http} (JDK 11+; not on Android). */
public final class JdkWebSocketFactory implements WebSocketFactory {

    private static final Logger LOG = LoggerFactory.getLogger(JdkWebSocketFactory.class);

    private final HttpClient http;

    public JdkWebSocketFactory(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public void open(URI uri, Duration connectTimeout, Events events) {
        http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, new Frames(events))
                .whenComplete((ws, error) -> {
                    // A failed handshake never reached onOpen; once open, failures come through Frames.
                    if (error != null) {
                        events.onFailure(error);
                    }
                });
    }

    /** java.net.http allows one outstanding send per socket: each send waits for the one before it. */
    private static final class JdkSocket implements Socket {

        private final WebSocket ws;
        private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);

        JdkSocket(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public synchronized void send(String text) {
            writes = writes.handle((ok, error) -> null)
                    .thenCompose(ignored -> ws.sendText(text, true))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.debug("socket write failed: {}", error.getClass().getSimpleName());
                        }
                    });
        }

        @Override
        public void close(int code, String reason) {
            ws.sendClose(code, reason).whenComplete((closed, error) -> ws.abort());
        }

        @Override
        public void abort() {
            ws.abort();
        }
    }

    /** Receives one socket's frames, reassembling text split over several callbacks. */
    private static final class Frames implements WebSocket.Listener {

        private final Events events;
        private final StringBuilder partial = new StringBuilder();

        Frames(Events events) {
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket ws) {
            // Before request(1): the transport must know the socket is open before its first frame arrives.
            events.onOpen(new JdkSocket(ws));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                events.onText(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.onClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.onFailure(error);
        }
    }
}
