package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.ratelimit.LocalBuckets;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import java.time.Clock;

class MemoryRingingCallsTest extends RingingCallsContract {

    @Override
    protected RingingCalls newStore() {
        var replies = new MemoryReplyCache(Clock.systemUTC());
        return new MemoryRingingCalls(new LocalBuckets(), replies, new MemoryUserCalls());
    }
}
