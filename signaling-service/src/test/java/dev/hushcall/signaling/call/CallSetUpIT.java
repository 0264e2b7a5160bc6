package dev.hushcall.signaling.call;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ENDED;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.CallListener;
import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Calls between real SDK devices through the real service on its embedded default. */
@ServiceTest
class CallSetUpIT {

    private static final AtomicInteger USERS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    private TestDevices devices;
    private String alice;
    private String bob;

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
        int n = USERS.incrementAndGet();
        alice = "alice-" + n;
        bob = "bob-" + n;
    }

    @Test
    void calleeHearsTheCallersSdpByteForByteAndHangupEndsItOnBothSides() throws Exception {
        try (Phone a = Phone.connected(port, devices, alice); Phone b = Phone.connected(port, devices, bob)) {
            String offer = Sdp.audio("offer-from-alice");
            CallHandle call = a.client().placeCall(bob, offer);
            call.sent().get(10, TimeUnit.SECONDS);

            Phone.Event ringing = b.await(INCOMING);
            assertThat(ringing.text()).isEqualTo(offer);
            assertThat(ringing.from()).isEqualTo(a.address());
            assertThat(ringing.callId()).isEqualTo(call.callId());

            String answer = Sdp.audio("answer-from-bob");
            b.client().answer(call.callId(), answer).get(10, TimeUnit.SECONDS);
            assertThat(a.await(ANSWER).text()).isEqualTo(answer);

            String fromA = Sdp.candidate("198.51.100.7", 50000);
            String fromB = Sdp.candidate("203.0.113.9", 60000);
            a.client().sendIce(call.callId(), fromA).get(10, TimeUnit.SECONDS);
            b.client().sendIce(call.callId(), fromB).get(10, TimeUnit.SECONDS);
            assertThat(b.await(ICE).text()).isEqualTo(fromA);
            assertThat(a.await(ICE).text()).isEqualTo(fromB);

            a.client().hangup(call.callId()).get(10, TimeUnit.SECONDS);
            assertThat(a.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.HANGUP);
            assertThat(b.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.HANGUP);
            a.assertNoErrors();
            b.assertNoErrors();
        }
    }

    @Test
    void bothDevicesRingAndTheOneThatLosesTheAnswerRaceIsToldAndRefused() throws Exception {
        CountDownLatch secondAnswered = new CountDownLatch(1);
        AtomicReference<CompletableFuture<Void>> lateAnswer = new AtomicReference<>();
        AtomicReference<Phone> first = new AtomicReference<>();
        // Device 1 answers only after device 2 did, from inside its ringing callback: the frame reaches the
        // server after the claim was won, which is the race a real second device can lose.
        CallListener answersLate = new CallListener() {
            @Override
            public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
                try {
                    secondAnswered.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lateAnswer.set(first.get().client().answer(callId, Sdp.audio("late-answer")));
            }
        };
        try (Phone a = Phone.connected(port, devices, alice);
             Phone b1 = Phone.connected(port, devices, bob, answersLate);
             Phone b2 = Phone.connected(port, devices, bob)) {
            first.set(b1);
            assertThat(b1.address().deviceId()).isNotEqualTo(b2.address().deviceId());

            CallHandle call = a.client().placeCall(bob, Sdp.audio("ring-both"));
            call.sent().get(10, TimeUnit.SECONDS);
            b1.await(INCOMING);
            b2.await(INCOMING);

            b2.client().answer(call.callId(), Sdp.audio("answer-from-device-2")).get(10, TimeUnit.SECONDS);
            secondAnswered.countDown();

            assertThat(a.await(ANSWER).from()).isEqualTo(b2.address());
            assertThat(b1.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.ANSWERED_ELSEWHERE);
            assertThatThrownBy(() -> lateAnswer.get().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(HushcallException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_ANSWERED));
            assertThat(a.count(ENDED, call.callId())).isZero();
            assertThat(b2.count(ENDED, call.callId())).isZero();
        }
    }

    @Test
    void whenBothCallEachOtherAtOnceExactlyOneCallSurvivesOnBothSides() throws Exception {
        try (Phone a = Phone.connected(port, devices, alice); Phone b = Phone.connected(port, devices, bob)) {
            CallHandle fromA = a.client().placeCall(bob, Sdp.audio("glare-a"));
            CallHandle fromB = b.client().placeCall(alice, Sdp.audio("glare-b"));
            CompletableFuture.allOf(fromA.sent(), fromB.sent()).get(10, TimeUnit.SECONDS);

            boolean aWins = fromA.callId().compareTo(fromB.callId()) < 0;
            Phone winner = aWins ? a : b;
            Phone loser = aWins ? b : a;
            String survivor = aWins ? fromA.callId() : fromB.callId();
            String lost = aWins ? fromB.callId() : fromA.callId();

            assertThat(loser.awaitEnded(lost).reason()).isEqualTo(EndReason.GLARE);
            assertThat(loser.await(INCOMING).callId()).isEqualTo(survivor);
            loser.client().answer(survivor, Sdp.audio("glare-answer")).get(10, TimeUnit.SECONDS);
            assertThat(winner.await(ANSWER).callId()).isEqualTo(survivor);

            assertThat(winner.count(ENDED, survivor)).isZero();
            assertThat(loser.count(ENDED, survivor)).isZero();
            assertThat(loser.count(INCOMING, lost) + winner.count(INCOMING, survivor)).isZero();
        }
    }

    @Test
    void unansweredCallTimesOutOnBothSides() throws Exception {
        try (Phone a = Phone.connected(port, devices, alice); Phone b = Phone.connected(port, devices, bob)) {
            CallHandle call = a.client().placeCall(bob, Sdp.audio("nobody-answers"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);

            clock.advance(Duration.ofSeconds(59));
            clock.advance(Duration.ofSeconds(1));

            assertThat(a.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.TIMEOUT);
            assertThat(b.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.TIMEOUT);
        }
    }

    @Test
    void calleeThatConnectsFiveSecondsAfterTheOfferStillRings() throws Exception {
        try (Phone a = Phone.connected(port, devices, alice);
             Phone b = Phone.registered(port, devices, bob, null)) {
            String offer = Sdp.audio("offline-callee");
            CallHandle call = a.client().placeCall(bob, offer);
            call.sent().get(10, TimeUnit.SECONDS);

            clock.advance(Duration.ofSeconds(5));
            b.client().connect().get(10, TimeUnit.SECONDS);

            Phone.Event ringing = b.await(INCOMING);
            assertThat(ringing.callId()).isEqualTo(call.callId());
            assertThat(ringing.text()).isEqualTo(offer);
        }
    }

    @Test
    void calleeThatConnectsAfterTheRingLifetimeGetsNoOfferOnlyTheMissedCall() throws Exception {
        try (Phone a = Phone.connected(port, devices, alice);
             Phone b = Phone.registered(port, devices, bob, null)) {
            CallHandle call = a.client().placeCall(bob, Sdp.audio("too-late"));
            call.sent().get(10, TimeUnit.SECONDS);

            clock.advance(Duration.ofSeconds(61));
            assertThat(a.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.TIMEOUT);
            b.client().connect().get(10, TimeUnit.SECONDS);

            assertThat(b.awaitEnded(call.callId()).reason()).isEqualTo(EndReason.TIMEOUT);
            assertThat(b.count(INCOMING, call.callId())).isZero();
        }
    }

    @Test
    void calleeWhoseSocketIsCutMidSetUpResumesAndHearsEveryMessageOnce() throws Exception {
        AtomicReference<Phone> callee = new AtomicReference<>();
        AtomicInteger cuts = new AtomicInteger();
        // The socket dies inside the ringing callback, before the offer is acked: the server must send it
        // again on the next connection, and the SDK must not ring twice.
        CallListener cutsOnFirstRing = new CallListener() {
            @Override
            public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
                if (cuts.getAndIncrement() == 0) {
                    callee.get().client().dropConnection();
                }
            }
        };
        try (Phone a = Phone.connected(port, devices, alice);
             Phone b = Phone.connected(port, devices, bob, cutsOnFirstRing)) {
            callee.set(b);
            CallHandle call = a.client().placeCall(bob, Sdp.audio("cut-mid-setup"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);

            List<String> candidates = List.of(Sdp.candidate("192.0.2.1", 1), Sdp.candidate("192.0.2.2", 2),
                    Sdp.candidate("192.0.2.3", 3));
            for (String candidate : candidates) {
                a.client().sendIce(call.callId(), candidate).get(10, TimeUnit.SECONDS);
            }
            for (String candidate : candidates) {
                assertThat(b.await(ICE).text()).isEqualTo(candidate);
            }
            b.client().answer(call.callId(), Sdp.audio("after-resume")).get(10, TimeUnit.SECONDS);
            a.await(ANSWER);

            assertThat(cuts.get()).as("rings heard").isEqualTo(1);
            assertThat(b.count(INCOMING, call.callId())).isEqualTo(1);
            assertThat(b.count(ICE, call.callId())).isEqualTo(3);
            b.assertNoErrors();
        }
    }
}
