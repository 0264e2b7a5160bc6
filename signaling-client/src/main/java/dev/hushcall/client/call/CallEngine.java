package dev.hushcall.client.call;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.CallListener;
import dev.hushcall.client.HushcallException;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.transport.Scheduler;
import dev.hushcall.client.transport.SignalingTransport;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The call methods of the client: each one seals its payload for the right devices of the peer and sends
 * the frame. Work that may block (fetching bundles) runs on {@code outbound}, one task at a time, so frames
 * leave in the order the app asked for them.
 */
public final class CallEngine {

    private final String localUser;
    private final CallRegistry calls = new CallRegistry();
    private final PayloadSender sender;
    private final SignalingTransport transport;
    private final Executor outbound;
    private final CallListener listener;

    public CallEngine(String localUser, SessionCrypto crypto, BundleSource bundles, SignalingTransport transport,
                      Executor outbound, Scheduler scheduler, CallListener listener) {
        this.localUser = localUser;
        this.sender = new PayloadSender(crypto, bundles, transport, outbound, scheduler);
        this.transport = transport;
        this.outbound = outbound;
        this.listener = listener;
    }

    /** Rings every device of {@code user}. */
    public CallHandle placeCall(String user, String sdp) {
        if (user.equals(localUser)) {
            throw new HushcallException(ErrorCode.SELF_CALL, "a device cannot call its own user");
        }
        String callId = UUID.randomUUID().toString();
        Call call = new Call(callId, Call.Role.CALLER, user);
        calls.add(call);
        var outgoing = new PayloadSender.Outgoing(user, SealedEnvelope.seal(ClientMessage.Offer.class, callId, sdp),
                (id, payloads) -> new ClientMessage.Offer(id, callId, user, payloads), call::offeredTo);
        return new CallHandle(callId, sender.sendToAllDevices(outgoing));
    }

    /** Answers a ringing call; the answer goes to the caller device that sent the offer. */
    public CompletableFuture<Void> answer(String callId, String sdp) {
        return withPayload(callId, ClientMessage.Answer.class, sdp, call -> {
            if (call.role() != Call.Role.CALLEE) {
                throw new HushcallException(ErrorCode.INVALID_STATE, "only the callee answers call " + callId);
            }
            call.answered();
        }, (id, payloads) -> new ClientMessage.Answer(id, callId, payloads));
    }

    /** Sends one ICE candidate (any JSON the app's ICE stack uses) to the peer device(s). */
    public CompletableFuture<Void> sendIce(String callId, String candidateJson) {
        return withPayload(callId, ClientMessage.Ice.class, candidateJson, call -> { },
                (id, payloads) -> new ClientMessage.Ice(id, callId, payloads));
    }

    /** Sends a new offer on an answered call, for an ICE restart. */
    public CompletableFuture<Void> renegotiate(String callId, String sdp) {
        return withPayload(callId, ClientMessage.Renegotiate.class, sdp, call -> { },
                (id, payloads) -> new ClientMessage.Renegotiate(id, callId, payloads));
    }

    public CompletableFuture<Void> hangup(String callId) {
        return end(callId, EndReason.HANGUP, () -> new ClientMessage.Hangup(UUID.randomUUID().toString(), callId));
    }

    public CompletableFuture<Void> decline(String callId) {
        return end(callId, EndReason.DECLINED, () -> new ClientMessage.Decline(UUID.randomUUID().toString(), callId));
    }

    public CompletableFuture<Void> busy(String callId) {
        return end(callId, EndReason.BUSY, () -> new ClientMessage.Busy(UUID.randomUUID().toString(), callId));
    }

    // Inbound hooks, called by the dispatcher in delivery order.

    void offerReceived(String callId, DeviceAddress from) {
        Call call = new Call(callId, Call.Role.CALLEE, from.user());
        call.answeredBy(from.deviceId());
        calls.add(call);
    }

    void answerReceived(String callId, DeviceAddress from) {
        calls.find(callId).ifPresent(call -> call.answeredBy(from.deviceId()));
    }

    /** Marks the call ended; true when the app has not yet heard of its end. */
    boolean ended(String callId) {
        return calls.markEnded(callId);
    }

    private CompletableFuture<Void> withPayload(String callId, Class<? extends ClientMessage.WithPayloads> type,
                                                String body, Consumer<Call> check,
                                                BiFunction<String, List<DevicePayload>, ClientMessage> frame) {
        Call call;
        try {
            call = calls.live(callId);
            check.accept(call);
        } catch (HushcallException e) {
            return CompletableFuture.failedFuture(e);
        }
        Set<Integer> devices = call.peerDevices();
        Consumer<Set<Integer>> update = call.role() == Call.Role.CALLER && !call.isAnswered() ? call::offeredTo
                : changed -> { };
        byte[] sealed = SealedEnvelope.seal(type, callId, body);
        return sender.send(new PayloadSender.Outgoing(call.peerUser(), sealed, frame, update), devices);
    }

    private CompletableFuture<Void> end(String callId, EndReason reason, Supplier<ClientMessage> frame) {
        // Through the outbound queue, so a hangup never overtakes the ICE candidates sent before it.
        CompletableFuture<Void> sent = CompletableFuture.supplyAsync(frame, outbound).thenCompose(transport::send);
        if (calls.markEnded(callId)) {
            listener.onEnded(callId, reason);
        }
        return sent;
    }
}
