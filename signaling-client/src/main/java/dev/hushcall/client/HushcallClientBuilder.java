package dev.hushcall.client;

import dev.hushcall.client.api.HttpTransport;
import dev.hushcall.client.keys.KeyPolicy;
import dev.hushcall.client.store.KeyValueStore;
import dev.hushcall.client.transport.Scheduler;
import dev.hushcall.client.transport.TransportConfig;
import dev.hushcall.client.transport.WebSocketFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Builds a {@link HushcallClient}. {@code baseUri}, {@code user}, {@code token} and {@code store} are required;
 * everything else has a default.
 *
 * <p><b>On Android</b> there is no {@code java.net.http}, which the default REST and WebSocket clients use, so
 * an app plugs in two adapters around its own HTTP client (OkHttp, say), a few lines each:
 * <ul>
 *   <li>{@link #httpTransport(HttpTransport)}: runs one REST request and returns status and body text;</li>
 *   <li>{@link #webSocketFactory(WebSocketFactory)}: opens one raw socket and reports its open, text, close
 *       and failure. Reconnects, tickets, resending unacked frames and pings stay in the SDK.</li>
 * </ul>
 * With both set, nothing in the client runs {@code java.net.http} code, and {@link #httpClient(HttpClient)} and
 * {@link #requestTimeout(Duration)} do not apply. The app also gives a {@link #store(KeyValueStore)} in its
 * private storage ({@code FileKeyValueStore.open(context.getFilesDir().toPath(), user)}, or one on its own
 * database), and adds libsignal's Android artifact ({@code org.signal:libsignal-android}, same version): the
 * {@code libsignal-client} jar this SDK depends on carries native libraries for desktop JVMs only.
 */
public final class HushcallClientBuilder {

    List<URI> baseUris;
    String user;
    Supplier<String> token;
    KeyValueStore store;
    Clock clock = Clock.systemUTC();
    Executor executor;
    Scheduler scheduler;
    CallListener listener = new CallListener() { };
    TransportConfig transportConfig = TransportConfig.DEFAULT;
    KeyPolicy keyPolicy = KeyPolicy.DEFAULT;
    Duration requestTimeout = Duration.ofSeconds(15);
    HttpClient httpClient;
    HttpTransport httpTransport;
    WebSocketFactory webSocketFactory;

    HushcallClientBuilder() {
    }

    /** The service, e.g. {@code https://calls.example.com}; the socket URI is derived from it. */
    public HushcallClientBuilder baseUri(URI baseUri) {
        this.baseUris = List.of(baseUri);
        return this;
    }

    /**
     * Several nodes of one service, instead of one load-balanced URI: a request that cannot connect tries the
     * next, and every reconnection of the socket moves on to the next node.
     */
    public HushcallClientBuilder baseUris(List<URI> baseUris) {
        this.baseUris = List.copyOf(baseUris);
        return this;
    }

    /** The user the token speaks for (its {@code sub}): used for safety numbers and to refuse self-calls. */
    public HushcallClientBuilder user(String user) {
        this.user = user;
        return this;
    }

    /** Asked for a bearer token before every REST call, so the app can refresh it. */
    public HushcallClientBuilder token(Supplier<String> token) {
        this.token = token;
        return this;
    }

    /** Where keys and sessions live: in memory or {@code FileKeyValueStore.open(dir, account)}. */
    public HushcallClientBuilder store(KeyValueStore store) {
        this.store = store;
        return this;
    }

    public HushcallClientBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Runs HTTP calls and listener callbacks; by default a pool of daemon threads owned by the client. */
    public HushcallClientBuilder executor(Executor executor) {
        this.executor = executor;
        return this;
    }

    /** Runs timeouts, pings and reconnect delays; by default one daemon timer thread. */
    public HushcallClientBuilder scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    public HushcallClientBuilder listener(CallListener listener) {
        this.listener = listener;
        return this;
    }

    public HushcallClientBuilder transportConfig(TransportConfig transportConfig) {
        this.transportConfig = transportConfig;
        return this;
    }

    public HushcallClientBuilder keyPolicy(KeyPolicy keyPolicy) {
        this.keyPolicy = keyPolicy;
        return this;
    }

    /**
     * Shares one {@code java.net.http} client (and its selector thread) among many clients, as load tests want.
     * Used by the defaults only: ignored for whichever of REST and WebSocket the app plugged in its own.
     */
    public HushcallClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
        return this;
    }

    /** How long one REST request may take, with the default HTTP transport; a custom one sets its own. */
    public HushcallClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    /**
     * Sends REST requests through {@code httpTransport} instead of {@code java.net.http}: what an Android app
     * plugs in. See {@link HttpTransport} for an OkHttp sketch.
     */
    public HushcallClientBuilder httpTransport(HttpTransport httpTransport) {
        this.httpTransport = httpTransport;
        return this;
    }

    /**
     * Opens the signalling WebSocket through {@code webSocketFactory} instead of {@code java.net.http}: what an
     * Android app plugs in. See {@link WebSocketFactory} for how OkHttp's callbacks map onto it.
     */
    public HushcallClientBuilder webSocketFactory(WebSocketFactory webSocketFactory) {
        this.webSocketFactory = webSocketFactory;
        return this;
    }

    public HushcallClient build() {
        Objects.requireNonNull(baseUris, "baseUri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(listener, "listener");
        ExecutorService ownedExecutor = executor == null ? Executors.newCachedThreadPool(daemonThreads()) : null;
        ScheduledExecutorService ownedTimer = scheduler == null ? Scheduler.daemonService() : null;
        HttpTransport rest = httpTransport;
        WebSocketFactory sockets = webSocketFactory;
        if (rest == null || sockets == null) {
            JdkDefaults jdk = new JdkDefaults(httpClient, transportConfig.connectTimeout());
            rest = rest != null ? rest : jdk.rest(requestTimeout);
            sockets = sockets != null ? sockets : jdk.sockets();
        }
        return new HushcallClient(this, new Resources(executor != null ? executor : ownedExecutor,
                scheduler != null ? scheduler : Scheduler.on(ownedTimer), rest, sockets, ownedExecutor, ownedTimer));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, "hushcall-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Threads and network adapters the client uses; the threads it created itself are shut down with it. */
    record Resources(Executor executor, Scheduler scheduler, HttpTransport rest, WebSocketFactory sockets,
                     ExecutorService ownedExecutor, ScheduledExecutorService ownedTimer) {

        void close() {
            if (ownedExecutor != null) {
                ownedExecutor.shutdown();
            }
            if (ownedTimer != null) {
                ownedTimer.shutdownNow();
            }
        }
    }
}
