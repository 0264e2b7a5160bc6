package dev.hushcall.client.call;

import dev.hushcall.client.CallListener;
import dev.hushcall.client.HushcallException;
import dev.hushcall.client.IdentityKeyChangedException;
import dev.hushcall.client.session.Decrypted;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.transport.ConnectionListener;
import dev.hushcall.client.transport.SignalingTransport;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place delivered frames are taken apart: de-duplicated by id, decrypted, handed to the app once,
 * then acknowledged. A frame that cannot be handled is acknowledged too: it would fail the same way on every
 * redelivery, and the server would keep resending it.
 */
public final class InboundDispatcher implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);
    private static final int REMEMBERED_IDS = 4096;

    private final SessionCrypto crypto;
    private final CallEngine calls;
    private final CallListener listener;
    private final IntSupplier localDeviceId;
    private final Runnable oneTimeKeyUsed;
    private final RecentIds seen = new RecentIds(REMEMBERED_IDS);
    private SignalingTransport transport;

    /**
     * @param oneTimeKeyUsed runs after a payload consumed one of this device's one-time prekeys (refill check)
     */
    public InboundDispatcher(SessionCrypto crypto, CallEngine calls, CallListener listener, IntSupplier localDeviceId,
                             Runnable oneTimeKeyUsed) {
        this.crypto = crypto;
        this.calls = calls;
        this.listener = listener;
        this.localDeviceId = localDeviceId;
        this.oneTimeKeyUsed = oneTimeKeyUsed;
    }

    /** The transport acks go out on; set once, before the first frame arrives. */
    public void ackThrough(SignalingTransport transport) {
        this.transport = transport;
    }

    @Override
    public void onDelivered(ServerMessage.Delivered frame) {
        if (!seen.firstTime(frame.id())) {
            transport.acknowledge(frame.id());
            return;
        }
        try {
            handle(frame);
        } catch (IdentityKeyChangedException e) {
            // Already told to the app through onIdentityKeyChanged.
            LOG.debug("delivered frame {} came from a device whose identity key changed", frame.id());
        } catch (RuntimeException e) {
            LOG.debug("delivered frame {} failed: {}", frame.id(), e.getClass().getSimpleName());
            report(e);
        } finally {
            transport.acknowledge(frame.id());
        }
    }

    @Override
    public void onConnected() {
        listener.onConnectionChanged(true);
    }

    @Override
    public void onDisconnected() {
        listener.onConnectionChanged(false);
    }

    @Override
    public void onError(Throwable error) {
        report(error);
    }

    private void handle(ServerMessage.Delivered frame) {
        if (frame instanceof ServerMessage.Ended ended) {
            if (calls.ended(ended.callId())) {
                listener.onEnded(ended.callId(), ended.reason());
            }
            return;
        }
        ServerMessage.Routed routed = (ServerMessage.Routed) frame;
        Optional<String> text = open(routed);
        if (text.isEmpty()) {
            return;
        }
        DeviceAddress from = routed.from();
        String callId = routed.callId();
        if (routed instanceof ServerMessage.Offer) {
            calls.offerReceived(callId, from);
            listener.onIncomingCall(from, callId, text.get());
        } else if (routed instanceof ServerMessage.Answer) {
            calls.answerReceived(callId, from);
            listener.onAnswer(from, callId, text.get());
        } else if (routed instanceof ServerMessage.Ice) {
            listener.onIce(from, callId, text.get());
        } else if (routed instanceof ServerMessage.Renegotiate) {
            listener.onRenegotiate(from, callId, text.get());
        }
    }

    /**
     * The body the payload sealed; empty for a replay of a payload already opened. A payload sealed for
     * another call or frame type fails here, before the call registry or the app hear of it.
     */
    private Optional<String> open(ServerMessage.Routed routed) {
        if (routed.payload().deviceId() != localDeviceId.getAsInt()) {
            throw new HushcallException(ErrorCode.BAD_PAYLOAD, "payload for device " + routed.payload().deviceId()
                    + " delivered to device " + localDeviceId.getAsInt());
        }
        Optional<Decrypted> decrypted = crypto.decrypt(routed.from(), routed.payload());
        if (decrypted.isPresent() && decrypted.get().usedOneTimeKeys()) {
            oneTimeKeyUsed.run();
        }
        return decrypted.map(d -> SealedEnvelope.open(d.plaintext(), routed));
    }

    private void report(Throwable error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("the app's onError threw {}", e.getClass().getSimpleName());
        }
    }
}
