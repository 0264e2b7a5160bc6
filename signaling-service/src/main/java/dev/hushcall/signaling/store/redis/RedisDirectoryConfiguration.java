package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.auth.TicketStore;
import dev.hushcall.signaling.keys.KeyStore;
import dev.hushcall.signaling.store.StoreSelection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.UnifiedJedis;

/** Device keys, socket tickets and seen frame ids in Redis: what any node must find whichever node wrote it. */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.UsesRedis.class)
class RedisDirectoryConfiguration {

    @Bean
    KeyStore redisKeyStore(GroupCommit commit) {
        return new RedisKeyStore(commit);
    }

    @Bean
    TicketStore redisTicketStore(GroupCommit commit) {
        return new RedisTicketStore(commit);
    }

    @Bean
    RedisReplyCache redisReplyCache(GroupCommit commit) {
        return new RedisReplyCache(commit);
    }
}
