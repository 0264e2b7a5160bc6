package dev.hushcall.signaling.routing;

import dev.hushcall.signaling.testing.RedisSentinel;
import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same two-node tests on a Sentinel-managed Redis primary. */
class MultiNodeSentinelIT extends MultiNodeContract {

    @RegisterExtension
    @Order(1)
    static final RedisSentinel sentinel = new RedisSentinel();

    @RegisterExtension
    @Order(2)
    static final ServiceProcess node1 = new ServiceProcess(() -> nodeArguments(
            "--hushcall.redis.sentinel.master=" + RedisSentinel.MASTER,
            "--hushcall.redis.sentinel.nodes=" + sentinel.sentinelNode()));

    @RegisterExtension
    @Order(3)
    static final ServiceProcess node2 = new ServiceProcess(() -> nodeArguments(
            "--hushcall.redis.sentinel.master=" + RedisSentinel.MASTER,
            "--hushcall.redis.sentinel.nodes=" + sentinel.sentinelNode()));

    @Override
    ServiceProcess node1() {
        return node1;
    }

    @Override
    ServiceProcess node2() {
        return node2;
    }
}
