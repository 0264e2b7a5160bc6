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
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryCallStoreTest extends CallStoreContract {

    private RingingCalls ringing;

    @Override
    protected CallStore newStore() {
        ringing = new MemoryRingingCalls(new LocalBuckets(), new MemoryReplyCache(Clock.systemUTC()));
        return new MemoryCallStore(ringing);
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
}
