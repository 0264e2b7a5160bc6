package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backlog replay on a node with its state in a standalone Redis. */
class BacklogReplayRedisIT extends BacklogReplayContract {

    @RegisterExtension
    @Order(1)
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    @Order(2)
    static final ServiceProcess node = new ServiceProcess(() -> nodeArguments("--hushcall.redis.url=" + redis.url()));

    @Override
    ServiceProcess node() {
        return node;
    }
}
