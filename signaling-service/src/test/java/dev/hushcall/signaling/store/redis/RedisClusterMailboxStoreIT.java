package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import dev.hushcall.signaling.testing.RedisCluster;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

class RedisClusterMailboxStoreIT extends MailboxStoreContract {

    @RegisterExtension
    static final RedisCluster cluster = new RedisCluster();

    private JedisCluster client;

    @Override
    protected MailboxStore newStore() {
        cluster.flushAll();
        client = new JedisCluster(cluster.nodes().stream().map(HostAndPort::from).collect(Collectors.toSet()));
        return new RedisMailboxStore(client);
    }

    @AfterEach
    void close() {
        client.close();
    }
}
