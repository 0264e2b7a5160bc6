package dev.hushcall.signaling.store.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import redis.clients.jedis.UnifiedJedis;

/**
 * Readiness follows Redis: a node that cannot reach it takes no new sockets from the load balancer, and
 * comes back by itself when Redis answers again (Jedis reconnects on the next command).
 */
class RedisStoreHealth implements HealthIndicator {

    private final UnifiedJedis redis;

    RedisStoreHealth(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        try {
            long started = System.nanoTime();
            String pong = redis.ping();
            return Health.up().withDetail("backend", "redis")
                    .withDetail("pingMillis", (System.nanoTime() - started) / 1_000_000)
                    .withDetail("reply", pong).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("backend", "redis").withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
