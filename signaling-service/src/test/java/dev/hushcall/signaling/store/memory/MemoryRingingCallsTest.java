package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.ratelimit.LocalBuckets;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Clock;

class MemoryRingingCallsTest extends RingingCallsContract {

    private MemoryReplyCache replies;

    @Override
    protected RingingCalls newStore() {
        replies = new MemoryReplyCache(Clock.systemUTC());
        return new MemoryRingingCalls(new LocalBuckets(), replies, new MemoryUserCalls());
    }

    @Override
    protected ReplyCache replies() {
        return replies;
    }
}
