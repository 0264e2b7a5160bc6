package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.GlareRule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls of the embedded default. One lock guards every change: each is a few map operations, far
 * cheaper than the socket work around it, and it makes glare and first-answer-wins trivially atomic.
 */
public class MemoryCallStore implements CallStore {

    private final Map<String, Call> calls = new HashMap<>();
    /** Live call ids per user pair ({@link Call#pairKey()}), to find glare without a scan. */
    private final Map<String, Set<String>> liveByPair = new HashMap<>();
    private final Queue<Due> ringDeadlines = new PriorityQueue<>(Comparator.comparing(Due::at));
    /** Calls end in time order, so a FIFO is already sorted. */
    private final Queue<Due> endings = new ArrayDeque<>();

    @Override
    public synchronized Created create(Call call, Instant now) {
        if (calls.containsKey(call.callId())) {
            return new Created.Exists();
        }
        Call opposite = ringingOpposite(call);
        if (opposite != null && !GlareRule.survives(call, opposite)) {
            put(call.ended(EndReason.GLARE, null, now));
            Call lost = calls.get(call.callId());
            return new Created.LostGlare(lost, opposite);
        }
        Optional<Call> loser = Optional.empty();
        if (opposite != null) {
            loser = Optional.of(opposite);
            put(opposite.ended(EndReason.GLARE, null, now));
        }
        put(call);
        return new Created.Ringing(call, loser);
    }

    @Override
    public synchronized Optional<Call> find(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    @Override
    public synchronized Optional<Claim> answer(String callId, int deviceId) {
        Call call = calls.get(callId);
        if (call == null) {
            return Optional.empty();
        }
        if (call.state() != CallState.RINGING || !call.ringing().contains(deviceId)) {
            return Optional.of(new Claim(call, false));
        }
        Call answered = call.answered(deviceId);
        put(answered);
        return Optional.of(new Claim(answered, true));
    }

    @Override
    public synchronized Optional<Call> end(String callId, EndReason reason, DeviceAddress by, Instant now) {
        Call call = calls.get(callId);
        if (call == null || !call.state().isLive()) {
            return Optional.empty();
        }
        put(call.ended(reason, by, now));
        return Optional.of(call);
    }

    @Override
    public synchronized List<Call> ringingUntil(Instant now) {
        List<Call> due = new ArrayList<>();
        while (!ringDeadlines.isEmpty() && !ringDeadlines.peek().at().isAfter(now)) {
            Call call = calls.get(ringDeadlines.poll().callId());
            // Entries are never removed early: skip those whose call moved on.
            if (call != null && call.state() == CallState.RINGING) {
                due.add(call);
            }
        }
        return due;
    }

    @Override
    public synchronized void forgetEndedBefore(Instant horizon) {
        while (!endings.isEmpty() && endings.peek().at().isBefore(horizon)) {
            String callId = endings.poll().callId();
            Call call = calls.get(callId);
            if (call != null && call.state() == CallState.ENDED) {
                calls.remove(callId);
            }
        }
    }

    /** A call id due at a time: the sweepers' work lists, oldest first. */
    private record Due(Instant at, String callId) {
    }

    private Call ringingOpposite(Call call) {
        for (String id : liveByPair.getOrDefault(call.pairKey(), Set.of())) {
            Call other = calls.get(id);
            if (other.state() == CallState.RINGING && other.caller().user().equals(call.callee())
                    && other.callee().equals(call.caller().user())) {
                return other;
            }
        }
        return null;
    }

    private void put(Call call) {
        Call before = calls.put(call.callId(), call);
        if (before == null && call.state() == CallState.RINGING) {
            ringDeadlines.add(new Due(call.ringDeadline(), call.callId()));
        }
        if (call.state() == CallState.ENDED) {
            endings.add(new Due(call.endedAt(), call.callId()));
        }
        if (call.state().isLive()) {
            liveByPair.computeIfAbsent(call.pairKey(), k -> new HashSet<>()).add(call.callId());
        } else {
            Set<String> live = liveByPair.get(call.pairKey());
            if (live != null && live.remove(call.callId()) && live.isEmpty()) {
                liveByPair.remove(call.pairKey());
            }
        }
    }
}
