package dev.hushcall.signaling.ratelimit;

import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.ServiceProcess;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The floods on a node with its state in a standalone Redis, where frames are handled on pool threads. */
class FloodRedisIT extends FloodContract {

    @RegisterExtension
    @Order(1)
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    @Order(2)
    static final ServiceProcess node = new ServiceProcess(
            () -> List.of("--hushcall.redis.url=" + redis.url()));

    @Override
    ServiceProcess node() {
        return node;
    }
}
