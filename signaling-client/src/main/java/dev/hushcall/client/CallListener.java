package dev.hushcall.client;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;

/**
 * What the app hears. Calls arrive one at a time, in the order the server delivered the frames, on the
 * client's executor; a frame is acknowledged to the server after its callback returns. Payloads are already
 * decrypted. Every method has an empty default.
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

    /** A new offer on an answered call (an ICE restart): answer it with {@code answer}. */
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

    /** A failure not tied to a call method's future: an undecryptable payload, a socket error. */
    default void onError(Throwable error) {
    }
}
