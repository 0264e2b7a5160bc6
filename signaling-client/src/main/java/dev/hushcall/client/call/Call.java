package dev.hushcall.client.call;

import java.util.Set;
import java.util.TreeSet;

/**
 * One call as this device sees it: who the peer is and which of its devices get this device's payloads.
 * The caller sends to every callee device it offered to until one answers, then to that one only; the
 * callee sends to the caller device the offer came from.
 */
final class Call {

    enum Role { CALLER, CALLEE }

    private final String callId;
    private final Role role;
    private final String peerUser;
    private final Set<Integer> peerDevices = new TreeSet<>();
    private boolean answered;
    private boolean ended;

    Call(String callId, Role role, String peerUser) {
        this.callId = callId;
        this.role = role;
        this.peerUser = peerUser;
    }

    String callId() {
        return callId;
    }

    Role role() {
        return role;
    }

    String peerUser() {
        return peerUser;
    }

    synchronized Set<Integer> peerDevices() {
        return Set.copyOf(peerDevices);
    }

    /** The offer went to these devices; ignored once a device answered. */
    synchronized void offeredTo(Set<Integer> devices) {
        if (!answered) {
            peerDevices.clear();
            peerDevices.addAll(devices);
        }
    }

    synchronized void answeredBy(int deviceId) {
        answered = true;
        peerDevices.clear();
        peerDevices.add(deviceId);
    }

    synchronized void answered() {
        answered = true;
    }

    synchronized boolean isAnswered() {
        return answered;
    }

    /** Marks the call ended; true only the first time, so the app hears of the end once. */
    synchronized boolean end() {
        boolean first = !ended;
        ended = true;
        return first;
    }

    synchronized boolean isEnded() {
        return ended;
    }
}
