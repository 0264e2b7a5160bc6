package dev.hushcall.signaling.call;

import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.keys.DeviceDirectory;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.push.PushHook;
import dev.hushcall.signaling.ratelimit.RateLimits;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.routing.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What each call frame does. Every method runs for one authenticated sender device and either routes
 * the frame or throws a {@link ProtocolException} whose code the sender receives. A frame about an existing
 * call comes with {@code found}: the call as the store held it when the frame's id was claimed, read in the same
 * round trip (the socket layer's {@code FrameClaims}), so it is not read again here.
 */
@Service
public class CallService {

    private static final Logger log = LoggerFactory.getLogger(CallService.class);

    /** Builds the routed server frame of one type. */
    private interface RoutedFrame {
        ServerMessage.Routed build(String id, String callId, DeviceAddress from, DevicePayload payload);
    }

    /** The retry advice for a frame refused for a full mailbox: a connected device empties it within moments. */
    private static final Duration DEVICE_CATCH_UP = Duration.ofSeconds(1);

    private final CallStore calls;
    private final DeviceDirectory devices;
    private final Router router;
    private final CallEnding ending;
    private final PushHook push;
    private final CallProperties properties;
    private final CallMetrics metrics;
    private final RateLimits limits;
    private final Clock clock;

    CallService(CallStore calls, DeviceDirectory devices, Router router, CallEnding ending, PushHook push,
                CallProperties properties, CallMetrics metrics, RateLimits limits, Clock clock) {
        this.limits = limits;
        this.metrics = metrics;
        this.calls = calls;
        this.devices = devices;
        this.router = router;
        this.ending = ending;
        this.push = push;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The limits an offer passes before any work is done for it: offers per device and per caller → callee pair, calls
     * ringing at once per caller and per callee; its frame id is claimed in the same step, until {@code idExpiresAt}.
     * An offer admitted counts as ringing from here on, until {@link #offer} rings it or finds it cannot.
     *
     * @return {@code ADMITTED}; {@code REPEAT} when the frame was handled before: ack it, do nothing; or {@code Pending}
     *         when another handler holds its id's claim: admit again after the wait
     */
    public RingingCalls.Admission admit(DeviceAddress from, ClientMessage.Offer offer, Instant idExpiresAt) {
        if (offer.to().equals(from.user())) {
            throw new ProtocolException(ErrorCode.SELF_CALL, "you cannot call yourself");
        }
        return limits.admitOffer(new RingingCalls.Offer(from, offer.id(), idExpiresAt, offer.to(), offer.callId(),
                clock.instant().plus(properties.ringLifetime())));
    }

    /** Rings every device of the callee, once {@link #admit} let the offer through. */
    public void offer(DeviceAddress from, ClientMessage.Offer offer) {
        Instant now = clock.instant();
        Call call;
        Map<DeviceAddress, DevicePayload> sealed;
        CallStore.Created created;
        try {
            SortedSet<Integer> calleeDevices = devices.deviceIds(offer.to());
            if (calleeDevices.isEmpty()) {
                throw new ProtocolException(ErrorCode.UNKNOWN_USER, offer.to() + " has no registered devices");
            }
            sealed = Recipients.match(offer.to(), calleeDevices, offer.payloads());
            call = Call.ringing(offer.callId(), from, offer.to(), calleeDevices, now.plus(properties.ringLifetime()));
            created = calls.create(call, now);
        } catch (RuntimeException e) {
            limits.stopRinging(from.user(), offer.to(), offer.callId());
            throw e;
        }
        // From here the call store keeps the ringing sets: a call that lost glare, or ended, has left them.
        if (created instanceof CallStore.Created.Exists) {
            Optional<Call> sameCall = calls.find(offer.callId()).filter(c -> c.state() == CallState.RINGING
                    && c.caller().user().equals(from.user()) && c.callee().equals(offer.to()));
            if (sameCall.filter(c -> c.caller().equals(from)).isPresent()) {
                // The device that placed this ringing call offers it again under an id no claim remembers: its first
                // handling created the call and then failed (a node that died or lost Redis half way, which forgets
                // the claim so a resend is routed). Ring again: the callee's devices drop a payload they already
                // opened, and one that never reached them rings now.
                ring(sameCall.get(), from, sealed);
                return;
            }
            if (sameCall.isEmpty()) {
                limits.stopRinging(from.user(), offer.to(), offer.callId());
            }
            throw new ProtocolException(ErrorCode.CALL_EXISTS, "call " + offer.callId() + " already exists; pick a new callId");
        }
        if (created instanceof CallStore.Created.LostGlare lost) {
            log.info("call {} lost glare to call {}", call.callId(), lost.winner().callId());
            ending.tell(lost.call(), EndReason.GLARE, null);
            return;
        }
        var ringing = (CallStore.Created.Ringing) created;
        ringing.glareLoser().ifPresent(loser -> {
            log.info("call {} won glare over call {}", call.callId(), loser.callId());
            ending.tell(loser, EndReason.GLARE, null);
        });
        metrics.callStarted();
        ring(call, from, sealed);
    }

    /** Delivers the offer's payloads to the callee's devices; a device that is not connected is pushed. */
    private void ring(Call call, DeviceAddress from, Map<DeviceAddress, DevicePayload> sealed) {
        log.debug("call {} ringing {} device(s)", call.callId(), sealed.size());
        int rung = 0;
        for (var sealedFor : sealed.entrySet()) {
            DeviceAddress device = sealedFor.getKey();
            var frame = new ServerMessage.Offer(Router.newMessageId(), call.callId(), from, sealedFor.getValue());
            Router.Delivery delivery = router.deliver(device, frame, call.ringDeadline());
            if (delivery == Router.Delivery.QUEUED) {
                push.offerWaiting(device, call.callId(), from, sealedFor.getValue(), call.ringDeadline().getEpochSecond());
            }
            rung += delivery == Router.Delivery.REFUSED ? 0 : 1;
        }
        if (rung == 0) {
            // Every callee device has a full mailbox: the call rings nowhere, so it ends before anyone hears of it.
            calls.end(call.callId(), EndReason.FAILED, from, clock.instant());
            throw limits.refusal(RateLimits.MAILBOX, "every device of the callee has too many frames waiting",
                    properties.ringLifetime().toMillis());
        }
    }

    public void answer(DeviceAddress from, ClientMessage.Answer answer, Optional<Call> found) {
        Call call = live(found, answer.callId(), from);
        if (!call.isCalleeDevice(from)) {
            throw new ProtocolException(ErrorCode.NOT_IN_CALL, "only a device this call rang can answer it");
        }
        Map<DeviceAddress, DevicePayload> sealed = Recipients.match(java.util.List.of(call.caller()), answer.payloads());
        CallStore.Claim claim = calls.answer(call.callId(), from.deviceId()).orElseThrow(() -> unknown(call.callId()));
        if (!claim.won()) {
            throw refusedAnswer(claim.call());
        }
        log.debug("call {} answered by device {}", call.callId(), from.deviceId());
        sealed.forEach((device, payload) ->
                router.deliver(device, new ServerMessage.Answer(Router.newMessageId(), call.callId(), from, payload)));
        Instant offered = call.ringDeadline().minus(properties.ringLifetime());
        metrics.callAnswered(Duration.between(offered, clock.instant()));
        ending.tellOtherRingingDevices(claim.call(), from, EndReason.ANSWERED_ELSEWHERE);
    }

    public void ice(DeviceAddress from, ClientMessage.Ice ice, Optional<Call> found) {
        route(live(found, ice.callId(), from), from, ice, ServerMessage.Ice::new);
    }

    public void renegotiate(DeviceAddress from, ClientMessage.Renegotiate renegotiate, Optional<Call> found) {
        Call call = live(found, renegotiate.callId(), from);
        if (call.state() != CallState.ANSWERED) {
            throw new ProtocolException(ErrorCode.INVALID_STATE,
                    "call " + call.callId() + " is " + call.state() + "; renegotiate needs an answered call");
        }
        route(call, from, renegotiate, ServerMessage.Renegotiate::new);
    }

    /** Ends the call for everyone; a ringing callee device hanging up counts as a decline. */
    public void hangup(DeviceAddress from, ClientMessage.Hangup hangup, Optional<Call> found) {
        Call call = live(found, hangup.callId(), from);
        if (!call.isCaller(from) && call.state() == CallState.RINGING) {
            refuse(from, call, EndReason.DECLINED);
            return;
        }
        Recipients.peersOf(call, from); // refuses a callee device that lost the answer race: not_in_call
        end(call, EndReason.HANGUP, from);
    }

    public void decline(DeviceAddress from, ClientMessage.Decline decline, Optional<Call> found) {
        refuse(from, live(found, decline.callId(), from), EndReason.DECLINED);
    }

    public void busy(DeviceAddress from, ClientMessage.Busy busy, Optional<Call> found) {
        refuse(from, live(found, busy.callId(), from), EndReason.BUSY);
    }

    /** A callee device turns a ringing call down: the caller hears {@code reason}, the other ringing devices stop. */
    private void refuse(DeviceAddress from, Call call, EndReason reason) {
        if (!call.isCalleeDevice(from)) {
            throw new ProtocolException(ErrorCode.NOT_IN_CALL, "only a device this call rang can refuse it");
        }
        if (call.state() != CallState.RINGING) {
            throw refusedAnswer(call);
        }
        end(call, reason, from);
    }

    private void end(Call call, EndReason reason, DeviceAddress by) {
        Call before = calls.end(call.callId(), reason, by, clock.instant())
                .orElseThrow(() -> new ProtocolException(ErrorCode.CALL_ENDED, "call " + call.callId() + " already ended"));
        log.debug("call {} ended: {}", call.callId(), reason.wireName());
        ending.tell(before, reason, by);
    }

    private void route(Call call, DeviceAddress from, ClientMessage.WithPayloads message, RoutedFrame frame) {
        Map<DeviceAddress, DevicePayload> sealed = Recipients.match(Recipients.peersOf(call, from), message.payloads());
        Instant expiresAt = call.state() == CallState.RINGING ? call.ringDeadline() : null;
        boolean refused = false;
        for (var sealedFor : sealed.entrySet()) {
            ServerMessage.Routed routed = frame.build(Router.newMessageId(), call.callId(), from, sealedFor.getValue());
            Router.Delivery delivery = expiresAt != null
                    ? router.deliver(sealedFor.getKey(), routed, expiresAt)
                    : router.deliver(sealedFor.getKey(), routed);
            refused |= delivery == Router.Delivery.REFUSED;
        }
        if (refused) {
            throw limits.refusal(RateLimits.MAILBOX,
                    "the device you sent to has too many frames waiting; send again once it has caught up",
                    DEVICE_CATCH_UP.toMillis());
        }
    }

    /** The call as read with the frame's id ({@code found}), if it exists, involves {@code from} and is not over. */
    private static Call live(Optional<Call> found, String callId, DeviceAddress from) {
        Call call = found.orElseThrow(() -> unknown(callId));
        if (!call.isCaller(from) && !call.callee().equals(from.user())) {
            throw new ProtocolException(ErrorCode.NOT_IN_CALL, "you are not part of call " + callId);
        }
        if (!call.state().isLive()) {
            throw new ProtocolException(ErrorCode.CALL_ENDED,
                    "call " + callId + " already ended (" + call.endReason().wireName() + ")");
        }
        return call;
    }

    private static ProtocolException refusedAnswer(Call call) {
        if (call.state() == CallState.ANSWERED) {
            return new ProtocolException(ErrorCode.ALREADY_ANSWERED,
                    "call " + call.callId() + " was already answered on another device");
        }
        return new ProtocolException(ErrorCode.CALL_ENDED,
                "call " + call.callId() + " already ended (" + call.endReason().wireName() + ")");
    }

    private static ProtocolException unknown(String callId) {
        return new ProtocolException(ErrorCode.UNKNOWN_CALL, "no call " + callId + " (it may have ended long ago)");
    }
}
