package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.auth.TicketStore;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.presence.PresenceDirectory;
import dev.hushcall.signaling.ratelimit.LocalBuckets;
import dev.hushcall.signaling.ratelimit.RateLimitStore;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.routing.DeliveryProperties;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.NodeBus;
import dev.hushcall.signaling.ws.FrameClaims;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import dev.hushcall.signaling.overload.StoreBacklog;
import dev.hushcall.signaling.store.StoreSelection;

/**
 * The embedded default: state in this process's memory, for one node. Each store steps aside when
 * another backend (Redis) provides one.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.UsesMemory.class)
class MemoryStoreConfiguration {

    /** Nothing waits on a network: an embedded node never sheds on its store. */
    @Bean
    StoreBacklog memoryStoreBacklog() {
        return StoreBacklog.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    TicketStore memoryTicketStore(Clock clock) {
        return new MemoryTicketStore(clock);
    }

    @Bean
    @ConditionalOnMissingBean
    CallStore memoryCallStore(RingingCalls ringing, MemoryUserCalls userCalls) {
        return new MemoryCallStore(ringing, userCalls);
    }

    @Bean
    MemoryUserCalls memoryUserCalls() {
        return new MemoryUserCalls();
    }

    @Bean
    @ConditionalOnMissingBean
    MailboxStore memoryMailboxStore(DeliveryProperties delivery) {
        return new MemoryMailboxStore((long) (Runtime.getRuntime().maxMemory() * delivery.mailboxHeapShare()));
    }

    @Bean
    @ConditionalOnMissingBean
    ReplyCache memoryReplyCache(Clock clock) {
        return new MemoryReplyCache(clock);
    }

    @Bean
    @ConditionalOnMissingBean
    FrameClaims memoryFrameClaims(ReplyCache replies, CallStore calls) {
        return FrameClaims.oneAfterTheOther(replies, calls);
    }

    @Bean
    RateLimitStore memoryRateLimits() {
        return new LocalBuckets();
    }

    @Bean
    RingingCalls memoryRingingCalls(RateLimitStore buckets, ReplyCache replies, MemoryUserCalls userCalls) {
        return new MemoryRingingCalls(buckets, replies, userCalls);
    }

    @Bean
    PresenceDirectory memoryPresence() {
        return new MemoryPresence();
    }

    @Bean
    NodeBus localBus() {
        return new LocalBus();
    }

    /** Named "store" in both backends, so the readiness group names one indicator whichever is on. */
    @Bean
    HealthIndicator storeHealthIndicator() {
        return new MemoryStoreHealth();
    }
}
