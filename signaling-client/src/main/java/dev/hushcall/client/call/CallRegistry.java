package dev.hushcall.client.call;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The calls this device knows, bounded: the oldest are forgotten first, ended or not. */
final class CallRegistry {

    private static final int CAPACITY = 1024;

    private final Map<String, Call> calls = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void add(Call call) {
        calls.put(call.callId(), call);
    }

    synchronized Optional<Call> find(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    /**
     * Marks {@code callId} ended, remembering it even if this device never knew the call, so that its end
     * is reported once. True the first time.
     */
    synchronized boolean markEnded(String callId) {
        return calls.computeIfAbsent(callId, id -> new Call(id, Call.Role.CALLEE, "")).end();
    }

    /** The live call {@code callId}, or a {@code unknown_call}/{@code call_ended} failure. */
    synchronized Call live(String callId) {
        Call call = calls.get(callId);
        if (call == null) {
            throw new HushcallException(ErrorCode.UNKNOWN_CALL, "no call " + callId + " on this device");
        }
        if (call.isEnded()) {
            throw new HushcallException(ErrorCode.CALL_ENDED, "call " + callId + " has ended");
        }
        return call;
    }
}
