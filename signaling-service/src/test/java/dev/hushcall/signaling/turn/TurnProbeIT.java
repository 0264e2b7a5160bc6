package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.CoturnCountingProxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probe against real coturns: one that shares the service's secret, one that does not, one that is silent, and
 * the production template's, which also serves turns: (TLS, a self-signed certificate) and TCP.
 */
class TurnProbeIT {

    static final String SECRET = "hushcall-probe-it-secret-0123456789abcdef";
    static final String OTHER = "hushcall-probe-it-another-secret-fedcba98";

    @RegisterExtension
    static final Coturn good = Coturn.test(SECRET);

    @RegisterExtension
    static final Coturn mismatched = Coturn.test(OTHER);

    @RegisterExtension
    static final Coturn production = Coturn.production(SECRET);

    @BeforeEach
    void resetCounts() throws Exception {
        good.countingProxy().reset();
        mismatched.countingProxy().reset();
    }

    static TurnProbe probe(Duration interval, Duration timeout, int... ports) {
        List<URI> uris = java.util.Arrays.stream(ports)
                .mapToObj(p -> URI.create("turn:127.0.0.1:" + p + "?transport=udp")).toList();
        return probe(uris, interval, timeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    static TurnProbe probe(List<URI> uris, Duration interval, Duration timeout, SSLSocketFactory tls) {
        TurnProperties properties = new TurnProperties(List.of(new Secret(SECRET)), Duration.ofHours(1), uris,
                null, Map.of(), new TurnProperties.Probe(true, interval, timeout));
        return new TurnProbe(properties, new TurnCredentialIssuer(properties, Clock.systemUTC()), Clock.systemUTC(),
                tls);
    }

    static TurnProbe.ServerResult probeOnce(String uri, SSLSocketFactory tls) {
        return probe(List.of(URI.create(uri)), Duration.ofSeconds(30), Duration.ofSeconds(2), tls).probeOnce()
                .servers().get(0);
    }

    @Test
    void turnsAndTcpAreEachProbedWithARealAllocateOverTheirOwnTransport() throws Exception {
        SSLSocketFactory trusting = production.trustingSocketFactory();
        List<URI> uris = List.of(URI.create("turn:127.0.0.1:" + production.port() + "?transport=udp"),
                URI.create("turn:127.0.0.1:" + production.port() + "?transport=tcp"),
                URI.create("turns:localhost:" + production.tlsPort() + "?transport=tcp"));

        TurnProbe.Result result = probe(uris, Duration.ofSeconds(30), Duration.ofSeconds(2), trusting).probeOnce();

        assertThat(result.servers()).extracting(TurnProbe.ServerResult::server).containsExactly(
                "127.0.0.1:" + production.port() + "/udp", "127.0.0.1:" + production.port() + "/tcp",
                "localhost:" + production.tlsPort() + "/tls");
        assertThat(result.healthy()).as(result.toString()).isTrue();
        System.out.println("TURN probe latency per transport against loopback coturn: " + result.servers().stream()
                .map(s -> s.server() + " " + s.latency().toMillis() + " ms").toList());
    }

    @Test
    void aTurnsCertificateNoTrustedAuthoritySignedIsAnErrorThatSaysSo() {
        TurnProbe.ServerResult server = probeOnce("turns:localhost:" + production.tlsPort() + "?transport=tcp",
                (SSLSocketFactory) SSLSocketFactory.getDefault());

        assertThat(server.status()).isEqualTo(TurnProbe.Status.ERROR);
        assertThat(server.reason()).startsWith("SSLHandshakeException").contains("certification path");
    }

    @Test
    void aTurnsCertificateForAnotherNameIsAnError() throws Exception {
        // The certificate names localhost only; 127.0.0.1 is the same coturn under another name.
        TurnProbe.ServerResult server = probeOnce("turns:127.0.0.1:" + production.tlsPort() + "?transport=tcp",
                production.trustingSocketFactory());

        assertThat(server.status()).as(server.toString()).isEqualTo(TurnProbe.Status.ERROR);
        assertThat(server.reason()).startsWith("SSLHandshakeException").contains("127.0.0.1");
    }

    @Test
    void aTcpPortNothingListensOnIsAnErrorAndATcpSecretMismatchIsA401() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TurnProbe.ServerResult refused = probeOnce("turn:127.0.0.1:" + closed + "?transport=tcp", null);
        assertThat(refused.status()).isEqualTo(TurnProbe.Status.ERROR);
        assertThat(refused.reason()).startsWith("ConnectException");

        TurnProbe.ServerResult mismatch = probeOnce("turn:127.0.0.1:" + mismatched.port() + "?transport=tcp", null);
        assertThat(mismatch.status()).isEqualTo(TurnProbe.Status.AUTH_FAILED);
        assertThat(mismatch.reason()).startsWith("401");
    }

    @Test
    void aCoturnWithTheServicesSecretIsHealthyInThreeRequestsWithItsLatency() throws Exception {
        CoturnCountingProxy proxy = good.countingProxy();

        TurnProbe.Result result = probe(Duration.ofSeconds(30), Duration.ofSeconds(2), proxy.port()).probeOnce();

        assertThat(result.healthy()).as(result.toString()).isTrue();
        TurnProbe.ServerResult server = result.servers().get(0);
        assertThat(server.status()).isEqualTo(TurnProbe.Status.OK);
        assertThat(server.latency()).isPositive().isLessThan(Duration.ofSeconds(1));
        Thread.sleep(200);
        // Allocate, Allocate after the 401 challenge, Refresh 0 that frees the allocation.
        assertThat(proxy.requests(CoturnCountingProxy.ALLOCATE)).isEqualTo(2);
        assertThat(proxy.requests(CoturnCountingProxy.REFRESH)).isEqualTo(1);
        assertThat(proxy.totalRequests()).isEqualTo(3);
        System.out.println("TURN probe latency against loopback coturn: " + server.latency().toMillis() + " ms");
    }

    @Test
    void aCoturnWithAnotherSecretIsUnhealthyWithA401ThatNamesTheSecretAndIsNotRetried() throws Exception {
        CoturnCountingProxy proxy = mismatched.countingProxy();

        TurnProbe.Result result = probe(Duration.ofSeconds(30), Duration.ofSeconds(2), proxy.port()).probeOnce();

        assertThat(result.healthy()).isFalse();
        TurnProbe.ServerResult server = result.servers().get(0);
        assertThat(server.status()).isEqualTo(TurnProbe.Status.AUTH_FAILED);
        assertThat(server.reason()).startsWith("401").contains("static-auth-secret");
        Thread.sleep(200);
        assertThat(proxy.totalRequests()).isEqualTo(2);
    }

    @Test
    void oneBadServerMakesTheRoundUnhealthyAndEachServerIsReportedOnItsOwn() throws Exception {
        TurnProbe.Result result = probe(Duration.ofSeconds(30), Duration.ofSeconds(2),
                good.countingProxy().port(), mismatched.countingProxy().port()).probeOnce();

        assertThat(result.healthy()).isFalse();
        assertThat(result.servers()).extracting(TurnProbe.ServerResult::status)
                .containsExactly(TurnProbe.Status.OK, TurnProbe.Status.AUTH_FAILED);
    }

    @Test
    void theScheduledProbeRunsOneRoundPerIntervalAndNeverFloodsAFailingCoturn() throws Exception {
        CoturnCountingProxy proxy = mismatched.countingProxy();
        TurnProbe probe = probe(Duration.ofSeconds(1), Duration.ofSeconds(2), proxy.port());

        probe.start();
        Thread.sleep(3500);
        probe.stop();
        Thread.sleep(300);

        // Rounds at 0, 1, 2, 3 s (plus each round's own few ms): at most 4, two requests each.
        assertThat(proxy.totalRequests()).isBetween(6, 8);
        assertThat(probe.lastResult()).get().extracting(TurnProbe.Result::healthy).isEqualTo(false);
        System.out.println("Scheduled probe, 3.5 s at 1 s interval against a 401 coturn: "
                + proxy.totalRequests() + " requests");
    }

    @Test
    void aSilentServerTimesOutWithinTheTimeoutAfterABoundedNumberOfRetransmissions() throws Exception {
        AtomicInteger received = new AtomicInteger();
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                byte[] buffer = new byte[1500];
                while (true) {
                    try {
                        blackHole.receive(new DatagramPacket(buffer, buffer.length));
                        received.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            sink.setDaemon(true);
            sink.start();

            long start = System.nanoTime();
            TurnProbe.Result result = probe(Duration.ofSeconds(30), Duration.ofMillis(1200),
                    blackHole.getLocalPort()).probeOnce();
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.servers().get(0).status()).isEqualTo(TurnProbe.Status.TIMEOUT);
            assertThat(tookMs).isLessThan(1200);
            Thread.sleep(1500);
            // One Allocate with at most 3 retransmissions, abandoned at timeout/4 = 300 ms: nothing afterwards.
            assertThat(received.get()).isBetween(1, 4);
            System.out.println("Silent server: " + received.get() + " datagrams, gave up after " + tookMs + " ms");
        }
    }
}
