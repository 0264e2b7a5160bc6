package dev.hushcall.signaling.routing;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.CallListener;
import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two real service nodes (separate JVMs) sharing one Redis: calls across nodes, first-answer-wins across
 * nodes, a node killed or drained mid-set-up. Each subclass supplies the Redis topology.
 */
abstract class MultiNodeContract {

    /** Both nodes verify the same HS256 tokens, as production nodes share one OIDC issuer. */
    static final String SHARED_HMAC = "multi-node-test-hmac-secret-0123456789abcdef";
    private static final AtomicInteger USERS = new AtomicInteger();

    abstract ServiceProcess node1();

    abstract ServiceProcess node2();

    static List<String> nodeArguments(String... redis) {
        List<String> arguments = new ArrayList<>(List.of(redis));
        arguments.add("--hushcall.auth.hmac-secret=" + SHARED_HMAC);
        arguments.add("--hushcall.lifecycle.drain-timeout=5s");
        // One test races a hundred calls from one caller to one callee at once, which the default limits refuse by
        // design (ratelimit.AbuseContract proves that); here the race is the point, so the limits step aside.
        arguments.add("--hushcall.limits.offers-per-pair.burst=1000");
        arguments.add("--hushcall.limits.offers-per-device.burst=1000");
        arguments.add("--hushcall.limits.ringing-per-caller=1000");
        arguments.add("--hushcall.limits.ringing-per-callee=1000");
        arguments.add("--hushcall.limits.live-calls-per-user=1000");
        return arguments;
    }

    private static String user(String name) {
        return name + "-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    private Phone on(ServiceProcess first, String user, CallListener listener, ServiceProcess... fallbacks) {
        List<URI> bases = new ArrayList<>(List.of(first.baseUri()));
        for (ServiceProcess fallback : fallbacks) {
            bases.add(fallback.baseUri());
        }
        String token = new TestDevices(first.port()).token(user);
        return Phone.registered(bases, token, user, listener);
    }

    @Test
    void deviceDeletedOnOneNodeHasItsSocketOnTheOtherClosedAndItsTicketRefusedThere() throws Exception {
        String bob = user("bob");
        TestDevices viaNode1 = new TestDevices(node1().port());
        TestDevices viaNode2 = new TestDevices(node2().port());
        viaNode1.register(bob, 0);
        TestDevices.Device tablet = viaNode1.register(bob, 0);
        String unused = viaNode1.ticket(tablet);
        try (RawSocket onNode2 = viaNode2.connect(tablet)) {
            onNode2.send("{\"type\":\"ping\",\"id\":\"p-1\"}");
            onNode2.replyTo("p-1");

            assertThat(viaNode1.delete(tablet)).isEqualTo(204);

            assertThat(onNode2.awaitClose()).isEqualTo(4410);
        }
        try (RawSocket late = RawSocket.open(viaNode2.socketUri(unused))) {
            assertThat(late.awaitClose()).isEqualTo(4401);
        }
    }

    @Test
    void callerOnOneNodeReachesCalleeOnTheOtherByteForByte() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (Phone a = on(node1(), alice, null).connect(); Phone b = on(node2(), bob, null).connect()) {
            String offer = Sdp.audio("cross-node-offer");
            CallHandle call = a.client().placeCall(bob, offer);
            call.sent().get(10, TimeUnit.SECONDS);
            assertThat(b.await(INCOMING).text()).isEqualTo(offer);

            String answer = Sdp.audio("cross-node-answer");
            b.client().answer(call.callId(), answer).get(10, TimeUnit.SECONDS);
            assertThat(a.await(ANSWER).text()).isEqualTo(answer);
            a.client().sendIce(call.callId(), Sdp.candidate("192.0.2.10", 4000)).get(10, TimeUnit.SECONDS);
            assertThat(b.await(ICE).text()).isEqualTo(Sdp.candidate("192.0.2.10", 4000));

            b.client().hangup(call.callId()).get(10, TimeUnit.SECONDS);
            assertThat(a.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.HANGUP);
            a.assertNoErrors();
            b.assertNoErrors();
        }
    }

    @Test
    void firstAnswerWinsAcrossNodesInAHundredConcurrentCalls() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        Map<String, List<CompletableFuture<Void>>> answers = new ConcurrentHashMap<>();
        AtomicReference<Phone> b1 = new AtomicReference<>();
        AtomicReference<Phone> b2 = new AtomicReference<>();
        try (Phone a = on(node1(), alice, null).connect();
             Phone bobOn1 = on(node1(), bob, answerAtOnce(b1, answers)).connect();
             Phone bobOn2 = on(node2(), bob, answerAtOnce(b2, answers)).connect()) {
            b1.set(bobOn1);
            b2.set(bobOn2);
            List<CallHandle> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(a.client().placeCall(bob, Sdp.audio("race-" + i)));
            }
            for (CallHandle call : calls) {
                call.sent().get(30, TimeUnit.SECONDS);
            }
            for (CallHandle call : calls) {
                a.await(ANSWER, e -> e.callId().equals(call.callId()));
            }
            for (CallHandle call : calls) {
                List<CompletableFuture<Void>> both = awaitTwo(answers, call.callId());
                int won = 0;
                int refused = 0;
                for (CompletableFuture<Void> answer : both) {
                    try {
                        answer.get(30, TimeUnit.SECONDS);
                        won++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOfSatisfying(HushcallException.class,
                                h -> assertThat(h.code()).isIn(ErrorCode.ALREADY_ANSWERED, ErrorCode.CALL_ENDED));
                        refused++;
                    }
                }
                assertThat(won).as("winners of " + call.callId()).isEqualTo(1);
                assertThat(refused).isEqualTo(1);
                assertThat(a.count(ANSWER, call.callId())).isEqualTo(1);
            }
        }
    }

    @Test
    void callCompletesWhenTheCallersNodeIsKilledWithTheOfferPending() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (Phone a = on(node1(), alice, null, node2()).connect(); Phone b = on(node2(), bob, null).connect()) {
            CallHandle call = a.client().placeCall(bob, Sdp.audio("before-the-crash"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);

            node1().kill();
            String answer = Sdp.audio("answer-after-the-crash");
            b.client().answer(call.callId(), answer).get(10, TimeUnit.SECONDS);
            b.client().sendIce(call.callId(), Sdp.candidate("192.0.2.20", 5000)).get(10, TimeUnit.SECONDS);

            assertThat(a.await(ANSWER).text()).isEqualTo(answer);
            assertThat(a.await(ICE).text()).isEqualTo(Sdp.candidate("192.0.2.20", 5000));
            a.client().hangup(call.callId()).get(20, TimeUnit.SECONDS);
            assertThat(b.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.HANGUP);
            assertThat(a.count(ANSWER, call.callId())).isEqualTo(1);
            assertThat(a.count(ICE, call.callId())).isEqualTo(1);
            assertThat(b.count(INCOMING, call.callId())).isEqualTo(1);
        } finally {
            node1().start();
        }
    }

    @Test
    void twentyCallSetUpsCompleteWhileTheCallersNodeDrains() throws Exception {
        List<Phone> callers = new ArrayList<>();
        List<Phone> callees = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                callers.add(on(node1(), user("caller"), null, node2()).connect());
                callees.add(on(node2(), user("callee"), null).connect());
            }
            List<CallHandle> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(callers.get(i).client().placeCall(callees.get(i).address().user(), Sdp.audio("drain-" + i)));
            }
            node1().sendTerminate();
            for (int i = 0; i < 20; i++) {
                CallHandle call = calls.get(i);
                call.sent().get(30, TimeUnit.SECONDS);
                callees.get(i).await(INCOMING, e -> e.callId().equals(call.callId()));
                callees.get(i).client().answer(call.callId(), Sdp.audio("drain-answer-" + i)).get(30, TimeUnit.SECONDS);
            }
            assertThat(node1().terminate()).as("exit code after SIGTERM").isIn(0, 143);
            for (int i = 0; i < 20; i++) {
                String callId = calls.get(i).callId();
                callers.get(i).await(ANSWER, e -> e.callId().equals(callId));
                assertThat(callers.get(i).count(ANSWER, callId)).isEqualTo(1);
            }
        } finally {
            callers.forEach(Phone::close);
            callees.forEach(Phone::close);
            node1().start();
        }
    }

    private static CallListener answerAtOnce(AtomicReference<Phone> self,
                                             Map<String, List<CompletableFuture<Void>>> answers) {
        return new CallListener() {
            @Override
            public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
                answers.computeIfAbsent(callId, id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(self.get().client().answer(callId, Sdp.audio("answer-" + callId)));
            }
        };
    }

    private static List<CompletableFuture<Void>> awaitTwo(Map<String, List<CompletableFuture<Void>>> answers,
                                                          String callId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<CompletableFuture<Void>> both = answers.get(callId);
            if (both != null && both.size() == 2) {
                return both;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("both of bob's devices should have answered " + callId + "; got " + answers.get(callId));
    }
}
