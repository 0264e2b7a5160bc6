package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.NeighbourProbe;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's first and sixth attacks, replayed as the attacker ran them, against a node in its own JVM (256 MB of
 * heap) with the default limits and a real clock: one account floods ~60 KB offers from four sockets at once, at
 * whatever rate the node reads them, to a user whose five devices never connect, reconnecting whenever the node
 * closes a socket. Before the limits, that filled a 512 MB heap in ~8 s, and a neighbour on the node waited up to
 * ~1 s for an ack. Now the neighbour's slowest ack is ~50 ms on a node warmed up by an earlier flood (80-100 ms with
 * a selector that reads a socket for as long as it has bytes; on a cold node 0.1-0.25 s, and 0.4-1 s without that
 * budget: docs/operations.md "Threads"). Run on each store by a short subclass.
 */
abstract class FloodContract {

    /** Sockets the attacker floods from, each a device of its own. */
    private static final int SOCKETS = 4;
    private static final Duration FLOOD = Duration.ofSeconds(6);
    /**
     * An unmeasured flood first: an attacker meets a node that has been serving, not one whose JIT compiler still
     * shares the two cores with the flood.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    /** Five payloads of 12,000 base64 characters: a frame of ~60 KB, just under the protocol's 64 KiB. */
    private static final String BODY = "A".repeat(12_000);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong offersSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong socketsClosed = new AtomicLong();
    private TestDevices devices;
    private ExecutorService attackers;

    abstract ServiceProcess node();

    @BeforeEach
    void setUp() {
        devices = new TestDevices(node().port());
        attackers = Executors.newFixedThreadPool(SOCKETS);
    }

    @AfterEach
    void stopAttacking() throws InterruptedException {
        attackers.shutdownNow();
        attackers.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void anOfferFloodLeavesTheHeapUnderHalfFullAndTheNodeServingOthers() throws Exception {
        awaitFlood(start(prepare("mallory"), FLOOD));
        assertFloodHappened();

        node().collectGarbage();
        double used = heapShare();
        System.out.printf("heap after the flood: %.1f %% in use; flood: %d offers, %d MB, %d sockets closed%n",
                100 * used, offersSent.get(), bytesSent.get() >> 20, socketsClosed.get());
        assertThat(used).as("share of the heap still reachable after the flood").isLessThan(0.5);
        var honest = devices.register("honest-" + run, 1);
        assertThat(honest.deviceId()).isPositive();
        try (RawSocket socket = devices.connect(honest)) {
            socket.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(socket.replyTo("p").path("type").asString()).isEqualTo("ack");
        }
        assertThat(node().status("/readyz")).isEqualTo(200);
    }

    @Test
    void aNeighbourIsAckedWithin200MsWhileFourSocketsFloodLargeOffers() throws Exception {
        awaitFlood(start(prepare("warm-up"), WARM_UP));
        offersSent.set(0);
        bytesSent.set(0);
        socketsClosed.set(0);
        Attack attack = prepare("mallory");
        var carol = devices.register("carol-" + run, 1);
        NeighbourProbe.Result acks;
        try (NeighbourProbe neighbour = NeighbourProbe.connect(devices.socketUri(devices.ticket(carol)))) {
            List<Future<?>> flood = start(attack, FLOOD);
            acks = neighbour.measure(FLOOD.minusMillis(500));
            awaitFlood(flood);
        }
        assertFloodHappened();
        // Printed for the record (the note of the change quotes runs of this test); the bound is the assertion.
        System.out.printf("neighbour: slowest ack %d ms of %d pings; flood: %d offers, %d MB, %d sockets closed%n",
                acks.slowest().toMillis(), acks.pings(), offersSent.get(), bytesSent.get() >> 20, socketsClosed.get());
        assertThat(acks.pings()).as("pings the neighbour sent during the flood").isGreaterThan(100);
        assertThat(acks.slowest())
                .as("the neighbour's slowest ack of %d pings while %d offers (%d MB) flooded in", acks.pings(),
                        offersSent.get(), bytesSent.get() >> 20)
                .isLessThan(Duration.ofMillis(200));
    }

    private void assertFloodHappened() {
        assertThat(bytesSent.get()).as("bytes the attacker got the node to read").isGreaterThan(20L << 20);
    }

    /** An attacker's devices, one per socket, and a victim with five devices that never connect. */
    private record Attack(List<TestDevices.Device> sockets, String victim) {
    }

    private Attack prepare(String name) {
        String victim = name + "-victim-" + run;
        for (int i = 0; i < 5; i++) {
            devices.register(victim, 1);
        }
        List<TestDevices.Device> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            sockets.add(devices.register(name + "-" + run, 1));
        }
        return new Attack(sockets, victim);
    }

    /** Starts the attack's flood from all its sockets at once, for {@code duration}. */
    private List<Future<?>> start(Attack attack, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        List<Future<?>> flood = new ArrayList<>();
        for (TestDevices.Device device : attack.sockets()) {
            flood.add(attackers.submit(() -> {
                flood(device, attack.victim(), until);
                return null;
            }));
        }
        return flood;
    }

    private static void awaitFlood(List<Future<?>> flood) throws Exception {
        for (Future<?> attacker : flood) {
            attacker.get();
        }
    }

    /** Sends offers as fast as the node reads them until {@code until}, on a new socket whenever one is closed. */
    private void flood(TestDevices.Device device, String victim, long until) throws InterruptedException {
        long n = 0;
        while (System.nanoTime() < until) {
            RawSocket socket;
            try {
                socket = devices.connect(device);
            } catch (RuntimeException | AssertionError refused) {
                // Out of tickets, or refused at the door: an attacker waits and comes back.
                Thread.sleep(100);
                continue;
            }
            try (socket) {
                while (System.nanoTime() < until) {
                    String id = device.deviceId() + "-" + n++;
                    String frame = offer(id, "flood-" + run + "-" + id, victim);
                    socket.send(frame);
                    offersSent.incrementAndGet();
                    bytesSent.addAndGet(frame.length());
                }
            } catch (RuntimeException closed) {
                socketsClosed.incrementAndGet();
            }
        }
    }

    private static String offer(String id, String callId, String to) {
        StringBuilder payloads = new StringBuilder("[");
        for (int device = 1; device <= 5; device++) {
            payloads.append(device == 1 ? "" : ",").append("{\"deviceId\":").append(device)
                    .append(",\"cipherType\":3,\"body\":\"").append(BODY).append("\"}");
        }
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to
                + "\",\"payloads\":" + payloads + "]}";
    }

    /**
     * The heap in use over the heap's maximum, from the node's Prometheus scrape: the sum over its heap pools, and
     * over the pools that have a maximum (G1 gives its young pools none; the old one's is the whole heap's).
     */
    private double heapShare() throws IOException, InterruptedException {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + node().managementPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double used = 0;
        double max = 0;
        for (String line : scrape.split("\n")) {
            if (!line.contains("area=\"heap\"")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("jvm_memory_used_bytes")) {
                used += value;
            } else if (line.startsWith("jvm_memory_max_bytes") && value > 0) {
                max += value;
            }
        }
        assertThat(max).as("the heap's maximum in the scrape").isPositive();
        return used / max;
    }
}
