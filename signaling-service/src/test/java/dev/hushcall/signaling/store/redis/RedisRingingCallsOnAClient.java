package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import dev.hushcall.signaling.ws.ReplyCache;
import redis.clients.jedis.UnifiedJedis;

/** The contract on whatever Redis topology a subclass's client reaches, with frame ids claimed in the same Redis. */
abstract class RedisRingingCallsOnAClient extends RingingCallsContract {

    private RedisReplyCache replies;

    /** A client of a Redis holding nothing. */
    abstract UnifiedJedis freshClient();

    @Override
    protected RingingCalls newStore() {
        GroupCommit commit = new GroupCommit(freshClient(), 2);
        replies = new RedisReplyCache(commit);
        return new RedisRingingCalls(commit);
    }

    @Override
    protected ReplyCache replies() {
        return replies;
    }
}
