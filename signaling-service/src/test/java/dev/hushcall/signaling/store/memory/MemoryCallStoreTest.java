package dev.hushcall.signaling.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;
import dev.hushcall.signaling.ratelimit.LocalBuckets;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryCallStoreTest extends CallStoreContract {

    private RingingCalls ringing;

    @Override
    protected CallStore newStore() {
        var userCalls = new MemoryUserCalls();
        ringing = new MemoryRingingCalls(new LocalBuckets(), new MemoryReplyCache(Clock.systemUTC()), userCalls);
        return new MemoryCallStore(ringing, userCalls);
    }

    @Override
    protected RingingCalls ringingCalls() {
        return ringing;
    }

    @Test
    void endedCallsAreForgottenAfterTheHorizon() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        store.end("call-0001", EndReason.DECLINED, new DeviceAddress("bob", 1), NOW);
        store.forgetEndedBefore(NOW);
        assertThat(store.find("call-0001")).isPresent();
        store.forgetEndedBefore(NOW.plus(Duration.ofSeconds(1)));
        assertThat(store.find("call-0001")).isEmpty();
    }

    @Test
    void answeredCallsNobodyHangsUpAreForgottenTheAnsweredLifetimeAfterTheirRingDeadline() {
        CallStore store = newStore();
        Instant ringDeadline = NOW.plusSeconds(60);
        answeredCall(store, ringDeadline);
        // The sweep at time t forgets those whose ring deadline is before t - ANSWERED_LIFETIME (RingTimeouts).
        store.forgetAnsweredBefore(ringDeadline);
        assertThat(store.find("call-0001")).isPresent();
        assertThat(store.liveCallsOf("bob")).hasSize(1);

        store.forgetAnsweredBefore(ringDeadline.plusMillis(1));
        assertThat(store.find("call-0001")).isEmpty();
        assertThat(store.liveCallsOf("alice")).isEmpty();
        assertThat(store.liveCallsOf("bob")).isEmpty();
    }

    @Test
    void aCallEndedBeforeItsAnsweredLifetimeIsNotForgottenAgain() {
        CallStore store = newStore();
        Instant ringDeadline = NOW.plusSeconds(60);
        answeredCall(store, ringDeadline);
        store.end("call-0001", EndReason.HANGUP, new DeviceAddress("bob", 1), NOW.plusSeconds(30));
        store.forgetAnsweredBefore(ringDeadline.plusMillis(1));
        assertThat(store.find("call-0001")).as("ended calls wait for the ended retention").isPresent();
    }

    /** Alice's call-0001 to bob, answered by his device 1. */
    private static void answeredCall(CallStore store, Instant ringDeadline) {
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), ringDeadline), NOW);
        store.answer("call-0001", 1);
    }
}
