package dev.hushcall.client.call;

import dev.hushcall.client.CallListener;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import java.util.ArrayList;
import java.util.List;

/** Writes down every callback as one line, so tests assert on what the app saw. */
final class RecordingListener implements CallListener {

    final List<String> events = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    String lastCallId;

    @Override
    public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
        lastCallId = callId;
        events.add("offer from " + from + ": " + sdp);
    }

    @Override
    public void onAnswer(DeviceAddress from, String callId, String sdp) {
        events.add("answer from " + from + ": " + sdp);
    }

    @Override
    public void onIce(DeviceAddress from, String callId, String candidateJson) {
        events.add("ice from " + from + ": " + candidateJson);
    }

    @Override
    public void onRenegotiate(DeviceAddress from, String callId, String sdp) {
        events.add("renegotiate from " + from + ": " + sdp);
    }

    @Override
    public void onEnded(String callId, EndReason reason) {
        events.add("ended: " + reason.wireName());
    }

    @Override
    public void onIdentityKeyChanged(DeviceAddress contact) {
        events.add("identity changed: " + contact);
    }

    @Override
    public void onError(Throwable error) {
        errors.add(error);
    }
}
