package dev.hushcall.client.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.HushcallException;
import dev.hushcall.client.IdentityKeyChangedException;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallEngineTest {

    private final FakeServer server = new FakeServer();
    private final FakeServer.Node alice = server.register("alice", 1);
    private final FakeServer.Node bob1 = server.register("bob", 1);

    @Test
    void anOfferRingsEveryCalleeDeviceAndLaterFramesGoOnlyToTheAnsweringDevice() {
        FakeServer.Node bob2 = server.register("bob", 2);
        CallHandle call = alice.calls.placeCall("bob", "offer-sdp");
        call.sent().join();
        assertThat(bob1.app.events).containsExactly("offer from alice.1: offer-sdp");
        assertThat(bob2.app.events).containsExactly("offer from alice.1: offer-sdp");

        alice.calls.sendIce(call.callId(), "{\"c\":1}").join();
        bob2.calls.answer(call.callId(), "answer-sdp").join();
        assertThat(alice.app.events).containsExactly("answer from bob.2: answer-sdp");

        alice.calls.sendIce(call.callId(), "{\"c\":2}").join();
        bob2.calls.sendIce(call.callId(), "{\"c\":3}").join();
        alice.calls.renegotiate(call.callId(), "restart").join();
        assertThat(bob1.app.events).containsExactly("offer from alice.1: offer-sdp", "ice from alice.1: {\"c\":1}");
        assertThat(bob2.app.events).containsExactly("offer from alice.1: offer-sdp", "ice from alice.1: {\"c\":1}",
                "ice from alice.1: {\"c\":2}", "renegotiate from alice.1: restart");
        assertThat(alice.app.events).endsWith("ice from bob.2: {\"c\":3}");
    }

    @Test
    void aStaleDeviceListIsRepairedFromFreshBundlesAndTheFrameRetriedOnce() {
        alice.calls.placeCall("bob", "first").sent().join();
        FakeServer.Node bob2 = server.register("bob", 2);

        CallHandle call = alice.calls.placeCall("bob", "second");
        call.sent().join();

        List<ClientMessage.Offer> offers = alice.sent(ClientMessage.Offer.class);
        assertThat(offers).hasSize(3);
        assertThat(devices(offers.get(1))).containsExactly(1);
        assertThat(devices(offers.get(2))).containsExactly(1, 2);
        assertThat(offers.get(2).id()).isNotEqualTo(offers.get(1).id());
        assertThat(offers.get(2).callId()).isEqualTo(call.callId());
        assertThat(bob1.app.events).containsExactly("offer from alice.1: first", "offer from alice.1: second");
        assertThat(bob2.app.events).containsExactly("offer from alice.1: second");
    }

    @Test
    void aRepairFetchesOnlyTheMissingDevicesBundlesSparingTheOthersPrekeys() {
        alice.calls.placeCall("bob", "first").sent().join();
        FakeServer.Node bob2 = server.register("bob", 2);
        FakeServer.Node bob3 = server.register("bob", 3);

        alice.calls.placeCall("bob", "second").sent().join();

        assertThat(server.bundleFetches).isEqualTo(1);
        assertThat(server.deviceBundleFetches)
                .containsExactly(new DeviceAddress("bob", 2), new DeviceAddress("bob", 3));
        List<ClientMessage.Offer> offers = alice.sent(ClientMessage.Offer.class);
        assertThat(devices(offers.get(offers.size() - 1))).containsExactly(1, 2, 3);
        assertThat(bob2.app.events).containsExactly("offer from alice.1: second");
        assertThat(bob3.app.events).containsExactly("offer from alice.1: second");
    }

    @Test
    void aMissingDeviceThatIsGoneByTheTimeItsBundleIsFetchedIsLeftOut() {
        alice.calls.placeCall("bob", "first").sent().join();
        // The server names device 2 missing, and device 2 is removed before the bundle is fetched.
        boolean[] refused = {false};
        alice.refuse = frame -> {
            if (refused[0] || !(frame instanceof ClientMessage.Offer offer)) {
                return null;
            }
            refused[0] = true;
            return new ServerMessage.Error(ErrorCode.DEVICE_MISMATCH, "stale", offer.id(), List.of(2), List.of());
        };

        alice.calls.placeCall("bob", "second").sent().join();

        assertThat(server.deviceBundleFetches).containsExactly(new DeviceAddress("bob", 2));
        List<ClientMessage.Offer> offers = alice.sent(ClientMessage.Offer.class);
        assertThat(devices(offers.get(offers.size() - 1))).containsExactly(1);
        assertThat(bob1.app.events).containsExactly("offer from alice.1: first", "offer from alice.1: second");
    }

    @Test
    void aDeviceTheServerCallsExtraLosesItsSessionAndItsPayload() {
        FakeServer.Node bob2 = server.register("bob", 2);
        alice.calls.placeCall("bob", "first").sent().join();
        server.unregister(bob2.device.address);

        alice.calls.placeCall("bob", "second").sent().join();

        List<ClientMessage.Offer> offers = alice.sent(ClientMessage.Offer.class);
        assertThat(devices(offers.get(offers.size() - 1))).containsExactly(1);
        assertThat(alice.device.crypto.sessionDevices("bob")).containsExactly(1);
    }

    @Test
    void aSecondMismatchFailsTheSendInsteadOfLooping() {
        alice.refuse = frame -> new ServerMessage.Error(ErrorCode.DEVICE_MISMATCH, "stale",
                ((ClientMessage.Offer) frame).id(), List.of(1), List.of());

        CallHandle call = alice.calls.placeCall("bob", "sdp");

        assertThatThrownBy(call.sent()::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(HushcallException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_MISMATCH));
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(2);
    }

    @Test
    void anOfferABusyNodeRefusedIsSentAgainAfterTheWaitItNamedAndThenRings() {
        AtomicInteger refusals = new AtomicInteger(2);
        alice.refuse = frame -> refusals.getAndDecrement() > 0 ? busy(frame, 2000) : null;

        CallHandle call = alice.calls.placeCall("bob", "sdp");
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(1);

        server.clock.advance(Duration.ofMillis(1999));
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(1);
        server.clock.advance(Duration.ofMillis(1));
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(2);
        assertThat(call.sent()).isNotDone();

        server.clock.advance(Duration.ofSeconds(2));
        call.sent().join();
        List<ClientMessage.Offer> offers = alice.sent(ClientMessage.Offer.class);
        assertThat(offers).as("the very same frame, id included: a repeat of one that took effect is acked")
                .containsOnly(offers.get(0));
        assertThat(bob1.app.events).containsExactly("offer from alice.1: sdp");
    }

    @Test
    void aFrameRefusedForLongerThanTheWaitBudgetFailsWithTheServersRefusal() {
        alice.refuse = frame -> busy(frame, 4000);

        CallHandle call = alice.calls.placeCall("bob", "sdp");
        server.clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(call.sent()::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(HushcallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofMillis(4000));
                });
        // 0, 4, 8 s: a fourth send would have waited 12 s in all, past the 10 s budget.
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(3);
        assertThat(bob1.app.events).isEmpty();
    }

    @Test
    void aRefusalThatNamesNoWaitIsNotRetried() {
        alice.refuse = frame -> ServerMessage.Error.of(ErrorCode.UNAVAILABLE, "down", ((ClientMessage.Offer) frame).id());

        CallHandle call = alice.calls.placeCall("bob", "sdp");
        server.clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(call.sent()::join).hasCauseInstanceOf(HushcallException.class);
        assertThat(alice.sent(ClientMessage.Offer.class)).hasSize(1);
    }

    private static ServerMessage.Error busy(ClientMessage frame, long retryAfterMs) {
        return ServerMessage.Error.retryLater(ErrorCode.UNAVAILABLE, "the service is too busy to take a new call",
                ((ClientMessage.Offer) frame).id(), retryAfterMs);
    }

    @Test
    void aRedeliveredFrameReachesTheAppOnceButIsAcknowledgedEachTime() {
        FakeServer.Node carol = server.register("carol", 1);
        carol.device.crypto.buildSessions(server.bundles("bob"), id -> true);
        DevicePayload payload = carol.device.crypto.encrypt(bob1.device.address,
                SealedEnvelope.seal(ClientMessage.Offer.class, "call-123456", "sdp"));
        var offer = new ServerMessage.Offer("s-1", "call-123456", new DeviceAddress("carol", 1), payload);

        bob1.inbound.onDelivered(offer);
        bob1.inbound.onDelivered(offer);

        assertThat(bob1.app.events).containsExactly("offer from carol.1: sdp");
        assertThat(bob1.acks).containsExactly("s-1", "s-1");
        assertThat(bob1.app.errors).isEmpty();
    }

    @Test
    void anUndecryptablePayloadIsReportedAndStillAcknowledged() {
        var garbage = new ServerMessage.Ice("s-9", "call-123456", new DeviceAddress("carol", 1),
                new DevicePayload(1, DevicePayload.SIGNAL_TYPE, "AAAA"));

        bob1.inbound.onDelivered(garbage);

        assertThat(bob1.app.events).isEmpty();
        assertThat(bob1.app.errors).singleElement().isInstanceOfSatisfying(HushcallException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_PAYLOAD));
        assertThat(bob1.acks).containsExactly("s-9");
    }

    @Test
    void declineEndsTheCallForTheAppOnceEvenWhenTheServerAlsoReportsIt() {
        CallHandle call = alice.calls.placeCall("bob", "sdp");
        String callId = bob1.app.lastCallId;
        assertThat(callId).isEqualTo(call.callId());

        bob1.calls.decline(callId).join();
        bob1.inbound.onDelivered(new ServerMessage.Ended("s-2", callId, EndReason.DECLINED_ELSEWHERE, null));

        assertThat(bob1.app.events).containsExactly("offer from alice.1: sdp", "ended: declined");
        assertThat(bob1.sent(ClientMessage.Decline.class)).singleElement()
                .satisfies(d -> assertThat(d.callId()).isEqualTo(callId));
        assertThat(bob1.calls.answer(callId, "late")).isCompletedExceptionally();
    }

    @Test
    void theServersEndOfACallReachesTheApp() {
        CallHandle call = alice.calls.placeCall("bob", "sdp");
        alice.inbound.onDelivered(new ServerMessage.Ended("s-3", call.callId(), EndReason.TIMEOUT, null));
        assertThat(alice.app.events).containsExactly("ended: timeout");
        assertThat(alice.acks).containsExactly("s-3");
    }

    @Test
    void aDeviceCannotCallItsOwnUser() {
        assertThatThrownBy(() -> alice.calls.placeCall("alice", "sdp"))
                .isInstanceOfSatisfying(HushcallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SELF_CALL));
    }

    @Test
    void callingAContactWhoseIdentityKeyChangedFailsAndTellsTheApp() {
        alice.calls.placeCall("bob", "first").sent().join();
        bob1.device.reRegister();
        alice.device.crypto.dropSession(bob1.device.address);

        CallHandle call = alice.calls.placeCall("bob", "second");

        assertThatThrownBy(call.sent()::join).cause().isInstanceOf(IdentityKeyChangedException.class)
                // A local trust decision, not the server's identity_key_mismatch (which is about our own key).
                .isNotInstanceOf(HushcallException.class);
        assertThat(alice.device.identityChanges).containsExactly(bob1.device.address);
    }

    private static List<Integer> devices(ClientMessage.Offer offer) {
        return offer.payloads().stream().map(DevicePayload::deviceId).toList();
    }
}
