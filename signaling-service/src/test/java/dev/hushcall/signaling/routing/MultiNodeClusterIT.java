package dev.hushcall.signaling.routing;

import dev.hushcall.signaling.testing.RedisCluster;
import dev.hushcall.signaling.testing.ServiceProcess;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same two-node tests on a three-master Redis Cluster. */
class MultiNodeClusterIT extends MultiNodeContract {

    @RegisterExtension
    @Order(1)
    static final RedisCluster cluster = new RedisCluster();

    @RegisterExtension
    @Order(2)
    static final ServiceProcess node1 = new ServiceProcess(() -> nodeArguments(
            "--hushcall.redis.cluster-nodes=" + String.join(",", cluster.nodes())));

    @RegisterExtension
    @Order(3)
    static final ServiceProcess node2 = new ServiceProcess(() -> nodeArguments(
            "--hushcall.redis.cluster-nodes=" + String.join(",", cluster.nodes())));

    @Override
    ServiceProcess node1() {
        return node1;
    }

    @Override
    ServiceProcess node2() {
        return node2;
    }
}
