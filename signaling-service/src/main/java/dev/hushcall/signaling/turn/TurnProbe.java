package dev.hushcall.signaling.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Checks every configured TURN server the way a client will use it: a real Allocate with credentials minted
 * just now, over each transport the URIs name (UDP, TCP, and TLS for {@code turns:}, certificate and host name
 * checked), so a secret mismatch, a dead coturn, a closed TCP port or an expired certificate shows in health before
 * users notice. One round every {@code hushcall.turn.probe.interval}, one server after the other, each at most 3
 * requests (Allocate, the authenticated Allocate after the 401 challenge, Refresh 0 to free it) with bounded
 * retransmissions over UDP; a failed round is never retried before the next interval. Off unless
 * {@code hushcall.turn.secrets} is set.
 */
@Component
public class TurnProbe implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TurnProbe.class);

    /** The user the probe's credentials are minted for; coturn's log shows only its opaque id. */
    static final String PROBE_USER = "hushcall-turn-probe";

    /** How one server's Allocate went; small and closed, so it can tag a metric. */
    public enum Status { OK, AUTH_FAILED, ERROR, TIMEOUT, UNRESOLVED }

    /**
     * One server's outcome in one round.
     *
     * @param server  {@code host:port/transport} as configured, e.g. {@code turn.example.com:443/tls}
     * @param latency from the first request to the allocation (both requests of the challenge), or to failure
     * @param reason  what coturn answered, e.g. {@code 401 Unauthorized}
     */
    public record ServerResult(String server, Status status, Duration latency, String reason) {
        public boolean ok() {
            return status == Status.OK;
        }
    }

    /** The last finished round. */
    public record Result(Instant at, List<ServerResult> servers) {
        public Result {
            servers = List.copyOf(servers);
        }

        public boolean healthy() {
            return servers.stream().allMatch(ServerResult::ok);
        }
    }

    /** A TURN server to probe: where a {@code turn:} or {@code turns:} URI points, and how it is reached. */
    record Target(String host, int port, TurnAllocator.ClientTransport transport) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                    + transport.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final TurnProperties properties;
    private final TurnCredentialIssuer issuer;
    private final Clock clock;
    private final SSLSocketFactory tls;
    private final List<Target> targets;
    private final String offReason;
    private volatile Result last;
    private volatile ScheduledExecutorService scheduler;

    private final List<java.util.function.Consumer<Result>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Autowired
    TurnProbe(TurnProperties properties, TurnCredentialIssuer issuer, Clock clock) {
        this(properties, issuer, clock, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** {@code tls} checks {@code turns:} certificates: the JVM's trusted CAs, as a browser's. */
    TurnProbe(TurnProperties properties, TurnCredentialIssuer issuer, Clock clock, SSLSocketFactory tls) {
        this.properties = properties;
        this.issuer = issuer;
        this.clock = clock;
        this.tls = tls;
        this.targets = targets(properties.allUris());
        if (!properties.probe().enabled()) {
            offReason = "hushcall.turn.probe.enabled is false";
        } else if (properties.signingSecret() == null) {
            offReason = "no hushcall.turn.secrets: credentials are signed with a random secret no coturn knows";
        } else if (targets.isEmpty()) {
            offReason = "no TURN URI to probe (hushcall.turn.uris is empty)";
        } else {
            offReason = null;
        }
    }

    /** The last finished round; empty before the first one ends or when the probe is off. */
    public Optional<Result> lastResult() {
        return Optional.ofNullable(last);
    }

    /** Why the probe does not run; empty when it does. */
    public Optional<String> offReason() {
        return Optional.ofNullable(offReason);
    }

    /** Hears every round's result, e.g. to export it as metrics. */
    public void onResult(java.util.function.Consumer<Result> listener) {
        listeners.add(listener);
    }

    /** Runs one round now, on the calling thread, and returns it (also kept as {@link #lastResult()}). */
    Result probeOnce() {
        List<ServerResult> results = new ArrayList<>();
        for (Target target : targets) {
            results.add(probe(target));
        }
        Result result = new Result(clock.instant(), results);
        Result before = last;
        last = result;
        listeners.forEach(listener -> listener.accept(result));
        if (before == null || before.healthy() != result.healthy()) {
            if (result.healthy()) {
                log.info("TURN probe: every server allocates: {}", result.servers());
            } else {
                log.warn("TURN probe: failing: {}", result.servers());
            }
        }
        return result;
    }

    private ServerResult probe(Target target) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (UnknownHostException e) {
            return new ServerResult(target.toString(), Status.UNRESOLVED, Duration.ZERO,
                    "cannot resolve " + target.host());
        }
        TurnCredentials credentials = issuer.issue(PROBE_USER);
        // Up to four requests (two per challenge) share the round's timeout.
        Duration perRequest = properties.probe().timeout().dividedBy(4);
        Instant start = clock.instant();
        try (TurnAllocator turn = TurnAllocator.over(target.transport(), address, target.host(), tls,
                credentials.username(), credentials.password(), perRequest)) {
            TurnAllocator.Reply allocated = turn.allocate();
            Duration latency = Duration.between(start, clock.instant());
            if (allocated.ok()) {
                turn.release();
                return new ServerResult(target.toString(), Status.OK, latency, "allocated " + allocated.relayed());
            }
            return new ServerResult(target.toString(), status(allocated.code()), latency, describe(allocated));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerResult(target.toString(), Status.ERROR, Duration.between(start, clock.instant()),
                    "interrupted");
        } catch (java.io.IOException | RuntimeException e) {
            return new ServerResult(target.toString(), Status.ERROR, Duration.between(start, clock.instant()),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Status status(int code) {
        if (code == TurnAllocator.TIMEOUT) {
            return Status.TIMEOUT;
        }
        return code == 401 ? Status.AUTH_FAILED : Status.ERROR;
    }

    private static String describe(TurnAllocator.Reply reply) {
        if (reply.code() == TurnAllocator.TIMEOUT) {
            return reply.reason();
        }
        String text = reply.code() + " " + reply.reason();
        return reply.code() == 401
                ? text + ": coturn refused freshly minted credentials; its static-auth-secret does not match "
                        + "hushcall.turn.secrets[0], or the clocks differ by more than the TTL"
                : text;
    }

    /**
     * Each URI's host, port and transport once: {@code turn:} over UDP (3478 when no port is given) unless it says
     * {@code transport=tcp}, {@code turns:} over TLS (5349 when no port is given, RFC 7065).
     */
    static List<Target> targets(List<URI> uris) {
        Set<Target> targets = new LinkedHashSet<>();
        for (URI uri : uris) {
            boolean secure = "turns".equals(uri.getScheme());
            String hostPort = uri.getSchemeSpecificPart();
            int query = hostPort.indexOf('?');
            boolean tcp = query >= 0 && hostPort.substring(query + 1).contains("transport=tcp");
            if (query >= 0) {
                hostPort = hostPort.substring(0, query);
            }
            String host;
            int port = secure ? 5349 : 3478;
            if (hostPort.startsWith("[")) {
                int end = hostPort.indexOf(']');
                host = hostPort.substring(1, end);
                if (hostPort.length() > end + 2) {
                    port = Integer.parseInt(hostPort.substring(end + 2));
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                if (colon >= 0) {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                }
            }
            TurnAllocator.ClientTransport transport = secure ? TurnAllocator.ClientTransport.TLS
                    : tcp ? TurnAllocator.ClientTransport.TCP : TurnAllocator.ClientTransport.UDP;
            targets.add(new Target(host, port, transport));
        }
        return List.copyOf(targets);
    }

    @Override
    public void start() {
        if (offReason != null) {
            log.info("TURN probe off: {}", offReason);
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "turn-probe");
            thread.setDaemon(true);
            return thread;
        });
        scheduler = executor;
        executor.scheduleWithFixedDelay(this::probeQuietly, 0, properties.probe().interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void probeQuietly() {
        try {
            probeOnce();
        } catch (RuntimeException e) {
            // A throwing task would end the schedule; the next round tries again.
            log.warn("TURN probe round failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
