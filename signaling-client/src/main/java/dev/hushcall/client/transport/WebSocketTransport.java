package dev.hushcall.client.transport;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket per device on {@code java.net.http}, reconnecting with capped backoff until {@link #close()}.
 * Each connection uses a fresh ticket ({@code socketUri} fetches one). Unanswered frames are resent with their
 * ids on every new connection; delivered frames are handed to the listener one at a time, in order.
 */
public final class WebSocketTransport implements SignalingTransport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);

    private final TransportConfig config;
    private final HttpClient http;
    private final Supplier<URI> socketUri;
    private final Scheduler scheduler;
    private final Executor executor;
    private final SerialExecutor inbound;
    private final ConnectionListener listener;
    private final PendingFrames pending;
    private final Backoff backoff;
    private final CompletableFuture<Void> firstOpen = new CompletableFuture<>();

    private final Object lock = new Object();
    private ConnectionState state = ConnectionState.IDLE;
    private long generation;
    private int failedAttempts;
    private WebSocket socket;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);

    /**
     * @param socketUri blocking: fetches a fresh ticket and returns the socket address; called per connection
     * @param executor  runs ticket fetches and the listener; delivered frames are serialized on it
     */
    public WebSocketTransport(TransportConfig config, HttpClient http, Supplier<URI> socketUri,
                              Scheduler scheduler, Executor executor, ConnectionListener listener) {
        this.config = config;
        this.http = http;
        this.socketUri = socketUri;
        this.scheduler = scheduler;
        this.executor = executor;
        this.inbound = new SerialExecutor(executor);
        this.listener = listener;
        this.pending = new PendingFrames(scheduler, config.ackTimeout());
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
    }

    /** Starts connecting; the future completes when the first socket opens. Later drops reconnect on their own. */
    public CompletableFuture<Void> connect() {
        synchronized (lock) {
            if (state == ConnectionState.IDLE) {
                startConnecting();
            }
        }
        return firstOpen;
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public CompletableFuture<Void> send(ClientMessage message) {
        String id = idOf(message);
        String text = ProtocolJson.encode(message);
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return CompletableFuture.failedFuture(new HushcallException(ErrorCode.UNAVAILABLE, "client closed"));
            }
            CompletableFuture<Void> answered = pending.add(id, text);
            if (state == ConnectionState.OPEN) {
                write(text);
            }
            return answered;
        }
    }

    @Override
    public void acknowledge(String deliveredId) {
        String text = ProtocolJson.encode(new ClientMessage.Ack(deliveredId));
        synchronized (lock) {
            if (state == ConnectionState.OPEN) {
                write(text);
            }
        }
    }

    /** Cuts the socket without a close handshake, as a network drop would; a reconnect follows. For tests. */
    public void dropConnection() {
        WebSocket current;
        long gen;
        synchronized (lock) {
            current = socket;
            gen = generation;
        }
        if (current != null) {
            current.abort();
            connectionLost(gen, null);
        }
    }

    /** Closes for good: pending frames fail, nothing reconnects. */
    @Override
    public void close() {
        WebSocket current;
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.CLOSED;
            generation++;
            current = socket;
            socket = null;
        }
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((ws, e) -> current.abort());
        }
        HushcallException closed = new HushcallException(ErrorCode.UNAVAILABLE, "client closed");
        pending.failAll(closed);
        firstOpen.completeExceptionally(closed);
    }

    /** Frames sent and not yet answered. */
    public int pendingFrames() {
        return pending.size();
    }

    // Connection lifecycle. Every callback carries the generation it was started under; callbacks of an
    // older socket find a newer generation and do nothing.

    private void startConnecting() {
        state = ConnectionState.CONNECTING;
        long gen = ++generation;
        executor.execute(() -> openSocket(gen));
    }

    private void openSocket(long gen) {
        URI uri;
        try {
            uri = socketUri.get();
        } catch (RuntimeException e) {
            listener.onError(e);
            connectionLost(gen, e);
            return;
        }
        http.newWebSocketBuilder()
                .connectTimeout(config.connectTimeout())
                .buildAsync(uri, new Frames(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        connectionLost(gen, error);
                    }
                });
    }

    private void opened(long gen, WebSocket ws) {
        synchronized (lock) {
            if (gen != generation || state != ConnectionState.CONNECTING) {
                ws.abort();
                return;
            }
            state = ConnectionState.OPEN;
            socket = ws;
            writes = CompletableFuture.completedFuture(null);
            pending.texts().forEach(this::write);
        }
        LOG.debug("socket open; resent {} unanswered frames", pending.size());
        schedulePing(gen);
        executor.execute(listener::onConnected);
        firstOpen.complete(null);
    }

    private void connectionLost(long gen, Throwable cause) {
        long delayMillis;
        synchronized (lock) {
            if (gen != generation || state == ConnectionState.CLOSED) {
                return;
            }
            boolean wasOpen = state == ConnectionState.OPEN;
            state = ConnectionState.WAITING;
            socket = null;
            generation++;
            delayMillis = backoff.delay(failedAttempts++, ThreadLocalRandom.current().nextDouble()).toMillis();
            if (wasOpen) {
                executor.execute(listener::onDisconnected);
            }
        }
        LOG.info("socket lost ({}); reconnecting in {} ms", cause == null ? "dropped" : cause.getClass().getSimpleName(),
                delayMillis);
        scheduler.schedule(Duration.ofMillis(delayMillis), this::reconnect);
    }

    private void reconnect() {
        synchronized (lock) {
            if (state == ConnectionState.WAITING) {
                startConnecting();
            }
        }
    }

    private void schedulePing(long gen) {
        scheduler.schedule(config.pingInterval(), () -> {
            synchronized (lock) {
                if (gen != generation || state != ConnectionState.OPEN) {
                    return;
                }
            }
            send(new ClientMessage.Ping("ping-" + UUID.randomUUID())).whenComplete((ok, error) -> {
                if (error != null && gen == currentGeneration()) {
                    dropConnection();
                }
            });
            schedulePing(gen);
        });
    }

    private long currentGeneration() {
        synchronized (lock) {
            return generation;
        }
    }

    /** java.net.http allows one outstanding send per socket: chain them. Called with the lock held. */
    private void write(String text) {
        WebSocket ws = socket;
        writes = writes.handle((ok, error) -> null)
                .thenCompose(ignored -> ws.sendText(text, true))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.debug("socket write failed: {}", error.getClass().getSimpleName());
                    }
                });
    }

    private void received(long gen, String text) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            failedAttempts = 0;
        }
        ServerMessage message;
        try {
            message = ProtocolJson.decodeServer(text);
        } catch (ProtocolException e) {
            // Never echo the frame: it may hold ciphertext.
            LOG.warn("unreadable server frame: {}", e.code().wireName());
            listener.onError(new HushcallException(e.code(), "unreadable server frame", e));
            return;
        }
        if (message instanceof ServerMessage.Ack ack) {
            pending.acked(ack.ref());
        } else if (message instanceof ServerMessage.Error error && error.ref() != null) {
            pending.fail(error.ref(), HushcallException.rejected(error));
        } else if (message instanceof ServerMessage.Error error) {
            listener.onError(HushcallException.rejected(error));
        } else if (message instanceof ServerMessage.Delivered delivered) {
            inbound.execute(() -> listener.onDelivered(delivered));
        }
    }

    private static String idOf(ClientMessage message) {
        if (message instanceof ClientMessage.CallMessage call) {
            return call.id();
        }
        if (message instanceof ClientMessage.Ping ping) {
            return ping.id();
        }
        throw new IllegalArgumentException("acks go through acknowledge()");
    }

    /** Receives one socket's frames, reassembling text split over several callbacks. */
    private final class Frames implements WebSocket.Listener {

        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Frames(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
            opened(gen, ws);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(gen, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            connectionLost(gen, null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            connectionLost(gen, error);
        }
    }
}
