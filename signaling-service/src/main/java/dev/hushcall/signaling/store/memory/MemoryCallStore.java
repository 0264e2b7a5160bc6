package dev.hushcall.signaling.store.memory;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.GlareRule;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Calls of the embedded default. A change takes the lock of its user pair ({@link Call#pairKey()}): glare and
 * first-answer-wins only ever involve one pair's calls, so that makes them atomic while calls of other pairs
 * change in parallel (one store-wide lock queued every socket thread behind it under load). Reads take no lock.
 */
public class MemoryCallStore implements CallStore {

    private static final int STRIPES = 256;
    private static final Comparator<Due> DUE_ORDER = Comparator.comparing(Due::at).thenComparing(Due::callId);

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    /** Live call ids per user pair; each set is touched only under its pair's lock. */
    private final Map<String, Set<String>> liveByPair = new ConcurrentHashMap<>();
    private final MemoryUserCalls liveByUser;
    private final Object[] pairLocks = new Object[STRIPES];
    private final ConcurrentSkipListSet<Due> ringDeadlines = new ConcurrentSkipListSet<>(DUE_ORDER);
    /**
     * Answered calls by ring deadline, for {@link #forgetAnsweredBefore}: each leaves when its call ends, so this holds
     * the calls answered now, not every call answered within the answered lifetime.
     */
    private final ConcurrentSkipListSet<Due> answeredByDeadline = new ConcurrentSkipListSet<>(DUE_ORDER);
    /** Calls end in (nearly) time order, so a FIFO is sorted enough for a sweep that runs every few seconds. */
    private final Queue<Due> endings = new ConcurrentLinkedQueue<>();

    private final RingingCalls ringing;

    /**
     * {@code ringing}: the calls counted as ringing per user, which a call leaves when it stops ringing here;
     * {@code liveByUser}: the index of each user's live calls this store keeps, which offers' admissions count.
     */
    public MemoryCallStore(RingingCalls ringing, MemoryUserCalls liveByUser) {
        this.ringing = ringing;
        this.liveByUser = liveByUser;
        for (int i = 0; i < STRIPES; i++) {
            pairLocks[i] = new Object();
        }
    }

    @Override
    public Created create(Call call, Instant now) {
        synchronized (lockOf(call.pairKey())) {
            if (calls.containsKey(call.callId())) {
                return new Created.Exists();
            }
            Call opposite = ringingOpposite(call);
            if (opposite != null && !GlareRule.survives(call, opposite)) {
                Call lost = call.ended(EndReason.GLARE, null, now);
                if (!putNew(lost)) {
                    return new Created.Exists();
                }
                stoppedRinging(call);
                return new Created.LostGlare(lost, opposite);
            }
            // Call ids are the clients' choice: a call of another pair may have taken the id meanwhile.
            if (!putNew(call)) {
                return new Created.Exists();
            }
            if (opposite == null) {
                return new Created.Ringing(call, Optional.empty());
            }
            replace(opposite.ended(EndReason.GLARE, null, now));
            return new Created.Ringing(call, Optional.of(opposite));
        }
    }

    @Override
    public Optional<Call> find(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    @Override
    public Optional<Claim> answer(String callId, int deviceId) {
        Call seen = calls.get(callId);
        if (seen == null) {
            return Optional.empty();
        }
        synchronized (lockOf(seen.pairKey())) {
            Call call = calls.get(callId);
            if (call == null) {
                // Forgotten by the sweep since it was read: only ended calls are, so it is unknown now.
                return Optional.empty();
            }
            if (call.state() != CallState.RINGING || !call.ringing().contains(deviceId)) {
                return Optional.of(new Claim(call, false));
            }
            Call answered = call.answered(deviceId);
            replace(answered);
            return Optional.of(new Claim(answered, true));
        }
    }

    @Override
    public Optional<Call> end(String callId, EndReason reason, DeviceAddress by, Instant now) {
        Call seen = calls.get(callId);
        if (seen == null) {
            return Optional.empty();
        }
        synchronized (lockOf(seen.pairKey())) {
            Call call = calls.get(callId);
            if (call == null || !call.state().isLive()) {
                return Optional.empty();
            }
            replace(call.ended(reason, by, now));
            return Optional.of(call);
        }
    }

    @Override
    public List<Call> liveCallsOf(String user) {
        List<Call> live = new ArrayList<>();
        for (String id : liveByUser.ids(user)) {
            Call call = calls.get(id);
            if (call != null && call.state().isLive()) {
                live.add(call);
            }
        }
        return live;
    }

    @Override
    public Optional<Call> stopRinging(String callId, int deviceId) {
        Call seen = calls.get(callId);
        if (seen == null) {
            return Optional.empty();
        }
        synchronized (lockOf(seen.pairKey())) {
            Call call = calls.get(callId);
            if (call == null || call.state() != CallState.RINGING || !call.ringing().contains(deviceId)) {
                return Optional.empty();
            }
            Call after = call.withoutRinging(deviceId);
            calls.put(callId, after);
            return Optional.of(after);
        }
    }

    @Override
    public List<Call> ringingUntil(Instant now) {
        List<Call> due = new ArrayList<>();
        for (Due next = ringDeadlines.pollFirst(); next != null; next = ringDeadlines.pollFirst()) {
            if (next.at().isAfter(now)) {
                ringDeadlines.add(next);
                break;
            }
            Call call = calls.get(next.callId());
            // Entries are never removed early: skip those whose call moved on.
            if (call != null && call.state() == CallState.RINGING) {
                due.add(call);
            }
        }
        return due;
    }

    @Override
    public void forgetEndedBefore(Instant horizon) {
        for (Due next = endings.peek(); next != null && next.at().isBefore(horizon); next = endings.peek()) {
            endings.poll();
            Call call = calls.get(next.callId());
            if (call != null && call.state() == CallState.ENDED) {
                // Only if unchanged: the id may have been taken again by a new call meanwhile.
                calls.remove(next.callId(), call);
            }
        }
    }

    @Override
    public void forgetAnsweredBefore(Instant horizon) {
        // (horizon, "") sorts before every id due at the horizon: the head holds those due before it.
        for (Iterator<Due> due = answeredByDeadline.headSet(new Due(horizon, "")).iterator(); due.hasNext(); ) {
            Due next = due.next();
            due.remove();
            Call seen = calls.get(next.callId());
            if (seen == null) {
                continue;
            }
            synchronized (lockOf(seen.pairKey())) {
                Call call = calls.get(next.callId());
                // Only the answered call queued: the id may have ended, or been taken again, meanwhile.
                if (call != null && call.state() == CallState.ANSWERED && call.ringDeadline().equals(next.at())) {
                    calls.remove(call.callId());
                    unindex(call);
                }
            }
        }
    }

    /** A call id due at a time: the sweepers' work lists, oldest first. */
    private record Due(Instant at, String callId) {
    }

    private Object lockOf(String pairKey) {
        return pairLocks[Math.floorMod(pairKey.hashCode(), STRIPES)];
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

    /** Stores a call under an id nobody holds; false if the id is taken. Under the call's pair lock. */
    private boolean putNew(Call call) {
        if (calls.putIfAbsent(call.callId(), call) != null) {
            return false;
        }
        if (call.state() == CallState.RINGING) {
            ringDeadlines.add(new Due(call.ringDeadline(), call.callId()));
        }
        indexed(call);
        return true;
    }

    /** Stores the next state of a call already held. Under the call's pair lock. */
    private void replace(Call call) {
        Call before = calls.put(call.callId(), call);
        indexed(call);
        if (before != null && before.state() == CallState.RINGING && call.state() != CallState.RINGING) {
            stoppedRinging(call);
        }
    }

    private void stoppedRinging(Call call) {
        ringing.remove(RingingCalls.entries(call.caller().user(), call.callee(), call.callId()));
    }

    private void indexed(Call call) {
        switch (call.state()) {
            case RINGING -> {
                liveByPair.computeIfAbsent(call.pairKey(), k -> new HashSet<>()).add(call.callId());
                for (String user : usersOf(call)) {
                    liveByUser.put(user, call.callId(), call.ringDeadline());
                }
            }
            case ANSWERED -> {
                answeredByDeadline.add(new Due(call.ringDeadline(), call.callId()));
                for (String user : usersOf(call)) {
                    liveByUser.renew(user, call.callId(), call.ringDeadline().plus(ANSWERED_LIFETIME));
                }
            }
            case ENDED -> {
                endings.add(new Due(call.endedAt(), call.callId()));
                answeredByDeadline.remove(new Due(call.ringDeadline(), call.callId()));
                unindex(call);
            }
        }
    }

    /** Takes a call out of the live indexes. Under the call's pair lock. */
    private void unindex(Call call) {
        Set<String> live = liveByPair.get(call.pairKey());
        if (live != null && live.remove(call.callId()) && live.isEmpty()) {
            liveByPair.remove(call.pairKey());
        }
        for (String user : usersOf(call)) {
            liveByUser.remove(user, call.callId());
        }
    }

    private static List<String> usersOf(Call call) {
        return List.of(call.caller().user(), call.callee());
    }
}
