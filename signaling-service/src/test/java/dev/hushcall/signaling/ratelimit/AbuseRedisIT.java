package dev.hushcall.signaling.ratelimit;

import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.ServiceTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The abuse suite on a node whose state, limits included, lives in a real Redis. The context closes with
 * the class: cached, it would outlive its Redis and its bus would log reconnect warnings into later
 * classes' captured output.
 */
@ServiceTest
@DirtiesContext
class AbuseRedisIT extends AbuseContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("hushcall.redis.url", redis::url);
    }
}
