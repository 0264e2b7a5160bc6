package dev.hushcall.client;

import dev.hushcall.client.keys.KeyPolicy;
import dev.hushcall.client.store.KeyValueStore;
import dev.hushcall.client.transport.Scheduler;
import dev.hushcall.client.transport.TransportConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Builds a {@link HushcallClient}. {@code baseUri}, {@code user}, {@code token} and {@code store} are required. */
public final class HushcallClientBuilder {

    URI baseUri;
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

    HushcallClientBuilder() {
    }

    /** The service, e.g. {@code https://calls.example.com}; the socket URI is derived from it. */
    public HushcallClientBuilder baseUri(URI baseUri) {
        this.baseUri = baseUri;
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

    /** Shares one HTTP client (and its selector thread) among many clients, as load tests want. */
    public HushcallClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
        return this;
    }

    public HushcallClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    public HushcallClient build() {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(listener, "listener");
        ExecutorService ownedExecutor = executor == null ? Executors.newCachedThreadPool(daemonThreads()) : null;
        ScheduledExecutorService ownedTimer = scheduler == null ? Scheduler.daemonService() : null;
        HttpClient http = httpClient != null ? httpClient
                : HttpClient.newBuilder().connectTimeout(transportConfig.connectTimeout()).build();
        return new HushcallClient(this, new Resources(executor != null ? executor : ownedExecutor,
                scheduler != null ? scheduler : Scheduler.on(ownedTimer), http, ownedExecutor, ownedTimer));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, "hushcall-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Threads the client uses; the ones it created itself are shut down with it. */
    record Resources(Executor executor, Scheduler scheduler, HttpClient http, ExecutorService ownedExecutor,
                     ScheduledExecutorService ownedTimer) {

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
