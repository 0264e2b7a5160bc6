package dev.hushcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.RedisHoldingProxy;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A node killed after it claimed a frame's id and before it routed the frame: node 1 talks to Redis through a proxy
 * that holds its connection right after the claim, then node 1 is SIGKILLed, and the device sends the frame again, with
 * the same id, to node 2. The frame must reach its peer, once: before, node 2 found the id claimed and acked the frame
 * without routing it, so an acknowledged offer or candidate was lost.
 */
class NodeKilledMidFrameIT {

    private static final String BODY = "AAECAwQFBgcICQ==";

    @RegisterExtension
    @Order(1)
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    @Order(2)
    static final RedisHoldingProxy proxy = new RedisHoldingProxy(redis);

    @RegisterExtension
    @Order(3)
    static final ServiceProcess node1 =
            new ServiceProcess(() -> MultiNodeContract.nodeArguments("--hushcall.redis.url=" + proxy.url()));

    @RegisterExtension
    @Order(4)
    static final ServiceProcess node2 =
            new ServiceProcess(() -> MultiNodeContract.nodeArguments("--hushcall.redis.url=" + redis.url()));

    private static String payloads(int cipherType) {
        return "[{\"deviceId\":1,\"cipherType\":" + cipherType + ",\"body\":\"" + BODY + "\"}]";
    }

    private static String offer(String id, String callId, String to) {
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to
                + "\",\"payloads\":" + payloads(3) + "}";
    }

    private static String frame(String type, String id, String callId) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"payloads\":"
                + payloads(2) + "}";
    }

    /** The command that claims frame {@code frameId} of {@code device}: its key is among the command's arguments. */
    private static Predicate<List<String>> claimOf(TestDevices.Device device, String frameId) {
        String key = "reply:{" + device.user() + "}:" + device.deviceId() + ":" + frameId;
        return command -> command.contains(key);
    }

    private static Predicate<JsonNode> is(String type, String callId) {
        return f -> f.path("type").asString().equals(type) && f.path("callId").asString().equals(callId);
    }

    private static void assertAcked(RawSocket socket, String id) throws InterruptedException {
        JsonNode reply = socket.replyTo(id);
        assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("ack");
    }

    /** Counts {@code type} frames of the call among what reached {@code socket} until a ping went round. */
    private static long laterCopies(RawSocket socket, String type, String callId) throws InterruptedException {
        Thread.sleep(1_000);
        return socket.framesBeforePing("count-" + type).stream().filter(is(type, callId)).count();
    }

    @Test
    void anOfferAndACandidateWhoseNodeDiedBetweenClaimAndRoutingReachThePeerOnceWhenResent() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        TestDevices viaNode2 = new TestDevices(node2.port());
        TestDevices.Device alice = new TestDevices(node1.port()).register("alice-" + suffix, 2);
        TestDevices.Device bob = viaNode2.register("bob-" + suffix, 2);
        try (RawSocket bobSocket = viaNode2.connect(bob)) {
            // Node 1 once through every path, so each script is loaded in Redis before a command is held.
            try (RawSocket warm = new TestDevices(node1.port()).connect(alice)) {
                warm.send(offer("w1", "call-warm-" + suffix, bob.user()));
                assertAcked(warm, "w1");
                warm.send(frame("call.ice", "w2", "call-warm-" + suffix));
                assertAcked(warm, "w2");
                warm.send("{\"type\":\"call.hangup\",\"id\":\"w3\",\"callId\":\"call-warm-" + suffix + "\"}");
                assertAcked(warm, "w3");
            }
            bobSocket.await(is("call.ended", "call-warm-" + suffix));

            String callId = "call-kill-" + suffix;
            String offer = offer("o1", callId, bob.user());
            resentAfterNode1DiesMidFrame(alice, claimOf(alice, "o1"), offer, "o1", viaNode2);
            bobSocket.await(is("call.offer", callId));
            assertThat(laterCopies(bobSocket, "call.offer", callId)).as("copies of the offer after the first").isZero();

            bobSocket.send(frame("call.answer", "b1", callId));
            assertAcked(bobSocket, "b1");
            node1.start();
            String candidate = frame("call.ice", "i1", callId);
            resentAfterNode1DiesMidFrame(alice, claimOf(alice, "i1"), candidate, "i1", viaNode2);
            bobSocket.await(is("call.ice", callId));
            assertThat(laterCopies(bobSocket, "call.ice", callId)).as("copies of the candidate after the first").isZero();
        } finally {
            proxy.release();
        }
    }

    /** Sends {@code text} to node 1, kills node 1 once it claimed the frame's id, and sends it again to node 2. */
    private static void resentAfterNode1DiesMidFrame(TestDevices.Device device, Predicate<List<String>> claim,
                                                     String text, String id, TestDevices viaNode2) throws Exception {
        try (RawSocket first = new TestDevices(node1.port()).connect(device)) {
            proxy.holdAfter(claim);
            first.send(text);
            assertThat(proxy.awaitHolding(10, TimeUnit.SECONDS)).as("node 1 claimed the frame's id").isTrue();
            node1.kill();
            proxy.release();
        }
        try (RawSocket again = viaNode2.connect(device)) {
            again.send(text);
            assertAcked(again, id);
        }
    }
}
