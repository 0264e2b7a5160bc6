package dev.hushcall.signaling.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which backend holds state: Redis when {@code hushcall.redis.url}, {@code hushcall.redis.sentinel.master}
 * or {@code hushcall.redis.cluster-nodes} is set, else this process's memory (the embedded default, one node).
 */
public final class StoreSelection {

    private StoreSelection() {
    }

    /** Whether state lives in Redis; otherwise in this process's memory, where no store call waits on a network. */
    public static boolean redisConfigured(PropertyResolver env) {
        return hasText(env.getProperty("hushcall.redis.url"))
                || hasText(env.getProperty("hushcall.redis.sentinel.master"))
                || hasText(env.getProperty("hushcall.redis.cluster-nodes"))
                || hasText(env.getProperty("hushcall.redis.cluster-nodes[0]"));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** Matches when Redis is configured. */
    public static final class UsesRedis implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return redisConfigured(context.getEnvironment());
        }
    }

    /** Matches when no Redis is configured: the in-memory embedded default. */
    public static final class UsesMemory implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !redisConfigured(context.getEnvironment());
        }
    }
}
