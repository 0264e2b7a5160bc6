package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.HandFramedSocket;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device that comes back to ~10 MB of waiting offers, forty times its send window, and reads them slowly gets every
 * one, once, on the socket it opened (issue 15: a backlog over ~4 MB used to be pushed at once, overflow the window and
 * get the device dropped on every reconnect). Run on each store by a three-line subclass.
 */
abstract class BacklogReplayContract {

    /** Offers parked for the offline device: ~12 KB each (a payload's largest body), ~10 MB in all. */
    static final int PARKED = 830;
    /** Offers sent while the device is catching up; they come after the backlog. */
    static final int LIVE = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger USERS = new AtomicInteger();

    abstract ServiceProcess node();

    /**
     * The node's settings: offers wait ten minutes, so none expires or times out its call while the test runs. Limits
     * on offers, ringing calls and mailbox sizes, where the node has them, must let this test's ~10 MB through.
     */
    static List<String> nodeArguments(String... store) {
        List<String> arguments = new ArrayList<>(List.of(store));
        arguments.add("--hushcall.calls.ring-lifetime=10m");
        // A deleted device's id is held for at least the ring lifetime plus the grace period.
        arguments.add("--hushcall.keys.id-reuse-delay=11m");
        // ~830 offers from one caller's socket to one device build the backlog; the call and frame limits would stop
        // them long before.
        arguments.add("--hushcall.limits.offers-per-pair.burst=5000");
        arguments.add("--hushcall.limits.offers-per-device.burst=5000");
        arguments.add("--hushcall.limits.ringing-per-caller=5000");
        arguments.add("--hushcall.limits.ringing-per-callee=5000");
        arguments.add("--hushcall.limits.live-calls-per-user=5000");
        arguments.add("--hushcall.limits.frames-per-socket.burst=5000");
        arguments.add("--hushcall.limits.bytes-per-socket.burst=20000");
        return arguments;
    }

    private static String offer(String id, String callee, int deviceId, String body) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + id + "\",\"to\":\"" + callee + "\","
                + "\"payloads\":[{\"deviceId\":" + deviceId + ",\"cipherType\":3,\"body\":\"" + body + "\"}]}";
    }

    @Test
    void aDeviceWithTenMegabytesPendingThatReadsSlowlyGetsEveryFrameOnceWithoutBeingDropped() throws Exception {
        TestDevices devices = new TestDevices(node().port());
        int run = USERS.incrementAndGet();
        var alice = devices.register("alice-backlog-" + run, 2);
        var bob = devices.register("bob-backlog-" + run, 2);
        byte[] ciphertext = new byte[9_000];
        new Random(15).nextBytes(ciphertext);
        String body = Base64.getEncoder().encodeToString(ciphertext);

        List<String> expected = new ArrayList<>();
        try (RawSocket caller = devices.connect(alice)) {
            for (int i = 0; i < PARKED; i++) {
                String id = "parked-" + i;
                caller.send(offer(id, bob.user(), bob.deviceId(), body));
                assertThat(caller.replyTo(id).toString()).as(id).contains("\"type\":\"ack\"");
                expected.add(id);
            }

            List<String> received = new ArrayList<>();
            try (HandFramedSocket slow = HandFramedSocket.open(node().port(), devices.ticket(bob), 16 * 1024)) {
                while (received.size() < PARKED + LIVE) {
                    HandFramedSocket.Received frame;
                    try {
                        frame = slow.read();
                    } catch (EOFException dropped) {
                        throw new AssertionError("the node dropped the socket after " + received.size() + " of "
                                + (PARKED + LIVE) + " offers", dropped);
                    }
                    assertThat(frame.opCode()).as("after %d offers", received.size()).isEqualTo(HandFramedSocket.TEXT);
                    JsonNode offer = JSON.readTree(frame.text());
                    assertThat(offer.path("type").asString()).isEqualTo("call.offer");
                    received.add(offer.path("callId").asString());
                    if (received.size() == 10) {
                        // Sent while the backlog is still going out: they must wait behind it.
                        for (int i = 0; i < LIVE; i++) {
                            String id = "live-call-" + i;
                            caller.send(offer(id, bob.user(), bob.deviceId(), body));
                            assertThat(caller.replyTo(id).toString()).as(id).contains("\"type\":\"ack\"");
                            expected.add(id);
                        }
                    }
                    // A device on a slow network: ~12 KB every 3 ms, far slower than the node could push.
                    Thread.sleep(3);
                }

                assertThat(received).containsExactlyElementsOf(expected);
                // The same socket still answers: it was never dropped.
                slow.send(HandFramedSocket.TEXT, true, "{\"type\":\"ping\",\"id\":\"still-here\"}");
                JsonNode reply = JSON.readTree(slow.read().text());
                assertThat(reply.path("type").asString()).isEqualTo("ack");
                assertThat(reply.path("ref").asString()).isEqualTo("still-here");
            }
        }
    }
}
