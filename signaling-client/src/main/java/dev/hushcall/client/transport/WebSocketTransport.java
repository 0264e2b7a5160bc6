package dev.hushcall.client.transport;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket per device, reconnecting with capped backoff until {@link #close()}. Each connection uses a
 * fresh ticket ({@code socketUri} fetches one). Unanswered frames are resent with their ids on every new
 * connection; delivered frames are handed to the listener one at a time, in order. The sockets themselves
 * come from a {@link WebSocketFactory}: {@code java.net.http} by default, the app's own client on Android.
 */
public final class WebSocketTransport implements SignalingTransport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final int NORMAL_CLOSURE = 1000;
    /** Acknowledgements wait this long for others to share their frame: a burst of delivered frames costs one ack. */
    public static final Duration ACK_DELAY = Duration.ofMillis(20);

    private final TransportConfig config;
    private final WebSocketFactory sockets;
    /** Close code: this device's socket was replaced by a newer one (docs/protocol.md). */
    static final int REPLACED = 4409;
    /** Close code: this device was deleted or registered again, so its registration is void (docs/protocol.md). */
    static final int REVOKED = 4410;

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
    private WebSocketFactory.Socket socket;
    /** Delivered frames handled since the last ack frame went out, and the timer that sends the next one. */
    private final List<String> unacknowledged = new ArrayList<>();
    private Scheduler.Cancellable ackFlush;

    /**
     * @param sockets   opens each socket
     * @param socketUri blocking: fetches a fresh ticket and returns the socket address; called per connection
     * @param executor  runs ticket fetches and the listener; delivered frames are serialized on it
     */
    public WebSocketTransport(TransportConfig config, WebSocketFactory sockets, Supplier<URI> socketUri,
                              Scheduler scheduler, Executor executor, ConnectionListener listener) {
        this.config = config;
        this.sockets = sockets;
        this.socketUri = socketUri;
        this.scheduler = scheduler;
        this.executor = executor;
        this.inbound = new SerialExecutor(executor);
        this.listener = listener;
        this.pending = new PendingFrames(scheduler, config.ackTimeout());
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
    }

    /** A transport on {@code java.net.http} sockets. */
    public WebSocketTransport(TransportConfig config, HttpClient http, Supplier<URI> socketUri,
                              Scheduler scheduler, Executor executor, ConnectionListener listener) {
        this(config, new JdkWebSocketFactory(http), socketUri, scheduler, executor, listener);
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
        return request(message, answer -> null);
    }

    /**
     * Asks for TURN credentials on the socket ({@code turn.request}): no HTTP request before a call. Like every frame
     * it waits for the connection and is resent on the next one until answered or timed out.
     */
    public CompletableFuture<ServerMessage.TurnCredentials> turnCredentials(String region) {
        return request(new ClientMessage.TurnRequest(UUID.randomUUID().toString(), region),
                answer -> (ServerMessage.TurnCredentials) answer);
    }

    /** The answer to {@code message} as {@code as} makes it; a refusal fails the future with its own exception. */
    private <T> CompletableFuture<T> request(ClientMessage message, Function<ServerMessage, T> as) {
        CompletableFuture<T> result = new CompletableFuture<>();
        request(message).whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                result.complete(as.apply(answer));
            } catch (RuntimeException unexpected) {
                // An answer of another type than asked for (a server that predates the frame): fail, never hang.
                result.completeExceptionally(unexpected);
            }
        });
        return result;
    }

    private CompletableFuture<ServerMessage> request(ClientMessage message) {
        String id = idOf(message);
        String text = ProtocolJson.encode(message);
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return CompletableFuture.failedFuture(new HushcallException(ErrorCode.UNAVAILABLE, "client closed"));
            }
            CompletableFuture<ServerMessage> answered = pending.add(id, text);
            if (state == ConnectionState.OPEN) {
                socket.send(text);
            }
            return answered;
        }
    }

    @Override
    public void acknowledge(String deliveredId) {
        synchronized (lock) {
            if (state != ConnectionState.OPEN) {
                return;
            }
            unacknowledged.add(deliveredId);
            if (unacknowledged.size() >= ClientMessage.MAX_ACK_REFS) {
                sendAcknowledgements();
            } else if (ackFlush == null) {
                ackFlush = scheduler.schedule(ACK_DELAY, () -> {
                    synchronized (lock) {
                        sendAcknowledgements();
                    }
                });
            }
        }
    }

    /** Sends what was acknowledged since the last ack frame, in one frame; the caller holds {@code lock}. */
    private void sendAcknowledgements() {
        if (ackFlush != null) {
            ackFlush.cancel();
            ackFlush = null;
        }
        if (unacknowledged.isEmpty()) {
            return;
        }
        if (state == ConnectionState.OPEN) {
            ClientMessage.Ack ack = unacknowledged.size() == 1
                    ? new ClientMessage.Ack(unacknowledged.get(0))
                    : new ClientMessage.Ack(null, List.copyOf(unacknowledged));
            socket.send(ProtocolJson.encode(ack));
        }
        // Acks lost with a socket are harmless: the server sends those frames again and they are de-duplicated.
        unacknowledged.clear();
    }

    /** Cuts the socket without a close handshake, as a network drop would; a reconnect follows. For tests. */
    public void dropConnection() {
        WebSocketFactory.Socket current;
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
        WebSocketFactory.Socket current;
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
            current.close(NORMAL_CLOSURE, "bye");
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
            if (e instanceof HushcallException refused && refused.code() == ErrorCode.UNKNOWN_DEVICE) {
                // The device was deleted: no ticket will ever come, so retrying would only loop.
                LOG.info("this device is not registered; not reconnecting");
                close();
                return;
            }
            connectionLost(gen, e);
            return;
        }
        try {
            sockets.open(uri, config.connectTimeout(), new Events(gen));
        } catch (RuntimeException e) {
            listener.onError(e);
            connectionLost(gen, e);
        }
    }

    private void opened(long gen, WebSocketFactory.Socket ws) {
        synchronized (lock) {
            if (gen != generation || state != ConnectionState.CONNECTING) {
                ws.abort();
                return;
            }
            state = ConnectionState.OPEN;
            socket = ws;
            pending.texts().forEach(ws::send);
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
            pending.answered(ack.ref(), ack);
        } else if (message instanceof ServerMessage.TurnCredentials credentials) {
            pending.answered(credentials.ref(), credentials);
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
        if (message instanceof ClientMessage.TurnRequest turn) {
            return turn.id();
        }
        throw new IllegalArgumentException("acks go through acknowledge()");
    }

    /** One socket's events, stamped with the generation it was opened under. */
    private final class Events implements WebSocketFactory.Events {

        private final long gen;

        Events(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocketFactory.Socket socket) {
            opened(gen, socket);
        }

        @Override
        public void onText(String text) {
            received(gen, text);
        }

        @Override
        public void onClosed(int code, String reason) {
            if (code == REPLACED) {
                // This device connected again somewhere else: that socket is the live one now.
                LOG.info("socket replaced by a newer connection of this device; not reconnecting");
                close();
                return;
            }
            if (code == REVOKED) {
                // Reconnecting cannot help: every ticket of this registration is refused. The app registers anew.
                LOG.info("this device was deleted or registered again; not reconnecting");
                executor.execute(() -> listener.onError(new HushcallException(ErrorCode.UNKNOWN_DEVICE,
                        "this device was deleted or registered again; register it anew")));
                close();
                return;
            }
            connectionLost(gen, null);
        }

        @Override
        public void onFailure(Throwable error) {
            connectionLost(gen, error);
        }
    }
}
