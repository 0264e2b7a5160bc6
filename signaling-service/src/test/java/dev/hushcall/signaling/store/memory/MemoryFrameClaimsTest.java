package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.ratelimit.LocalBuckets;
import dev.hushcall.signaling.ws.FrameClaims;
import dev.hushcall.signaling.ws.FrameClaimsContract;
import java.time.Clock;

/** The contract over the in-memory call store and frame ids, claimed one after the other. */
class MemoryFrameClaimsTest extends FrameClaimsContract {

    @Override
    protected Stores newStores() {
        var userCalls = new MemoryUserCalls();
        var ringing = new MemoryRingingCalls(new LocalBuckets(), new MemoryReplyCache(Clock.systemUTC()), userCalls);
        MemoryCallStore calls = new MemoryCallStore(ringing, userCalls);
        var replies = new MemoryReplyCache(Clock.systemUTC());
        return new Stores(calls, FrameClaims.oneAfterTheOther(replies, calls), replies);
    }
}
