package dev.hushcall.client;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;

/**
 * What the app hears. Payloads arrive decrypted and opened: a callback gets only the body the peer sealed (SDP
 * or candidate JSON), after the SDK checked it was sealed for this frame type and call. Every method has an
 * empty default.
 *
 * <p>Threads. Callbacks for delivered frames ({@code onIncomingCall}, {@code onAnswer}, {@code onIce},
 * {@code onRenegotiate}, {@code onEnded} from the server, and {@code onError} or {@code onIdentityKeyChanged}
 * for a frame that could not be opened) run one at a time, in delivery order, on the client's executor; the
 * frame is acknowledged after its callback returns, so a slow callback holds up the frames behind it. The other
 * callbacks may run on other threads, at the same time as those: {@code onConnectionChanged}, socket errors,
 * {@code onIdentityKeyChanged} found while sending, and {@code onEnded} for this device's own hangup, decline or
 * busy (on the thread that called it, before it returns). Hand work to the app's own thread.
 */
public interface CallListener {

    /** Another user's device rings this one; answer, decline or report busy. */
    default void onIncomingCall(DeviceAddress from, String callId, String sdp) {
    }

    /** The callee device {@code from} answered a call this device placed. */
    default void onAnswer(DeviceAddress from, String callId, String sdp) {
    }

    /** A trickled ICE candidate, as the JSON string the peer passed to {@code sendIce}. */
    default void onIce(DeviceAddress from, String callId, String candidateJson) {
    }

    /**
     * A {@code call.renegotiate} on an answered call: the peer's new offer (an ICE restart), or its answer to this
     * device's. Only the SDP tells them apart; send the answer to an offer with {@code renegotiate}, not {@code answer}
     * (which is for a ringing call). When both sides offer at once the caller's offer wins (docs/protocol.md).
     */
    default void onRenegotiate(DeviceAddress from, String callId, String sdp) {
    }

    /** The call is over: told by the server, or by this device's own hangup, decline or busy. Once per call. */
    default void onEnded(String callId, EndReason reason) {
    }

    /**
     * A contact device's identity key changed: frames to and from it are refused until the app calls
     * {@link HushcallClient#trustIdentity(DeviceAddress)}. Show the new safety number first.
     */
    default void onIdentityKeyChanged(DeviceAddress contact) {
    }

    /** The socket opened ({@code true}) or dropped ({@code false}); the client reconnects on its own. */
    default void onConnectionChanged(boolean connected) {
    }

    /**
     * A failure not tied to a call method's future: a socket error, or a delivered payload that was dropped
     * ({@code bad_payload}) because it did not decrypt or was sealed for another call or frame type.
     */
    default void onError(Throwable error) {
    }
}
