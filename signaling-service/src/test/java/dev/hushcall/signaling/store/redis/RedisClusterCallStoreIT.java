package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

class RedisClusterCallStoreIT extends CallStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    private JedisCluster client;

    @Override
    protected CallStore newStore() {
        cluster.flushAll();
        Set<HostAndPort> nodes = cluster.nodes().stream().map(HostAndPort::from).collect(Collectors.toSet());
        client = new JedisCluster(nodes);
        return new RedisCallStore(client, RedisCallStoreIT.PROPERTIES);
    }

    @AfterEach
    void close() {
        client.close();
    }
}
