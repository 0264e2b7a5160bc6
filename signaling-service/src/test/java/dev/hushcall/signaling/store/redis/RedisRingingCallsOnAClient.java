package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.ratelimit.RingingCallsContract;
import dev.hushcall.signaling.ws.ReplyCache;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.UnifiedJedis;

/** The contract on whatever Redis topology a subclass's client reaches, with frame ids claimed in the same Redis. */
abstract class RedisRingingCallsOnAClient extends RingingCallsContract {

    private RedisReplyCache replies;

    /** A client of a Redis holding nothing. */
    abstract UnifiedJedis freshClient();

    @Override
    protected RingingCalls newStore() {
        UnifiedJedis client = freshClient();
        replies = new RedisReplyCache(client);
        return new RedisRingingCalls(client);
    }

    @Override
    protected ReplyCache replies() {
        return replies;
    }

    @AfterEach
    void closeReplies() throws InterruptedException {
        replies.close();
    }
}
