package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.call.CallProperties;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.presence.PresenceDirectory;
import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.NodeBus;
import dev.hushcall.signaling.store.StoreSelection;
import dev.hushcall.signaling.ws.FrameClaims;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.UnifiedJedis;

/** Calls, mailboxes, presence and the node bus in Redis: what lets several nodes serve one set of users. */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.UsesRedis.class)
class RedisStoreConfiguration {

    @Bean
    RedisCallStore redisCallStore(GroupCommit commit, CallProperties properties) {
        return new RedisCallStore(commit, properties);
    }

    @Bean
    FrameClaims redisFrameClaims(GroupCommit commit, RedisCallStore calls, RedisReplyCache replies) {
        return new RedisFrameClaims(commit, calls, replies);
    }

    @Bean
    MailboxStore redisMailboxStore(GroupCommit commit) {
        return new RedisMailboxStore(commit);
    }

    @Bean
    RateLimitStore redisRateLimits(GroupCommit commit) {
        return new RedisRateLimitStore(commit);
    }

    @Bean
    RingingCalls redisRingingCalls(GroupCommit commit) {
        return new RedisRingingCalls(commit);
    }

    @Bean
    PresenceDirectory redisPresence(GroupCommit commit) {
        return new RedisPresence(commit);
    }

    @Bean(destroyMethod = "close")
    NodeBus redisBus(UnifiedJedis redis, RedisProperties properties, NodeId node) {
        return new RedisBus(redis, properties, node);
    }

    /** Named "store" in both backends, so the readiness group names one indicator whichever is on. */
    @Bean
    HealthIndicator storeHealthIndicator(UnifiedJedis redis) {
        return new RedisStoreHealth(redis);
    }
}
