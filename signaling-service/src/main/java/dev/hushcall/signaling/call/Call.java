package dev.hushcall.signaling.call;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Collections;

/**
 * What the server knows of a call: who, which devices ring, and where it is in {@link CallState}.
 * Never any payload. Immutable: stores replace it atomically.
 *
 * @param ringing     the callee's devices the offer went to
 * @param answeredBy  the callee device that won the answer, or 0
 * @param endedBy     the device whose action ended the call, or null (timeout, glare)
 */
public record Call(String callId, DeviceAddress caller, String callee, SortedSet<Integer> ringing,
                   CallState state, int answeredBy, EndReason endReason, DeviceAddress endedBy,
                   Instant ringDeadline, Instant endedAt) {

    public Call {
        ringing = Collections.unmodifiableSortedSet(new TreeSet<>(ringing));
    }

    public static Call ringing(String callId, DeviceAddress caller, String callee, Set<Integer> devices,
                               Instant ringDeadline) {
        return new Call(callId, caller, callee, new TreeSet<>(devices), CallState.RINGING, 0, null, null,
                ringDeadline, null);
    }

    public Call answered(int deviceId) {
        return new Call(callId, caller, callee, ringing, state.moveTo(CallState.ANSWERED), deviceId, null, null,
                ringDeadline, null);
    }

    /** The call ringing every device it rang but {@code deviceId}. */
    public Call withoutRinging(int deviceId) {
        SortedSet<Integer> rest = new TreeSet<>(ringing);
        rest.remove(deviceId);
        return new Call(callId, caller, callee, rest, state, answeredBy, endReason, endedBy, ringDeadline, endedAt);
    }

    public Call ended(EndReason reason, DeviceAddress by, Instant at) {
        return new Call(callId, caller, callee, ringing, state.moveTo(CallState.ENDED), answeredBy, reason, by,
                ringDeadline, at);
    }

    public boolean isCaller(DeviceAddress device) {
        return caller.equals(device);
    }

    /** A callee device this call rang. */
    public boolean isCalleeDevice(DeviceAddress device) {
        return callee.equals(device.user()) && ringing.contains(device.deviceId());
    }

    public DeviceAddress answeredDevice() {
        return answeredBy == 0 ? null : new DeviceAddress(callee, answeredBy);
    }

    /** The users on either side, in a fixed order: the key that finds glare. */
    public String pairKey() {
        return pairKey(caller.user(), callee);
    }

    public static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }
}
