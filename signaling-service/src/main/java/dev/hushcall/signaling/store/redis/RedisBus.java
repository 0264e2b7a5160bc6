package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.routing.NodeBus;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Node-to-node frames over Redis pub/sub: each node listens on its own channel. On a cluster the channel is
 * sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7), so a frame crosses one shard instead of being
 * broadcast to all. Pub/sub rather than streams because durability is already the mailbox's job: a message
 * lost here (node down, bus reconnecting) is still in the mailbox and reaches the device on its next
 * connection, or at the listener's resync after it resubscribes.
 */
public class RedisBus implements NodeBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final UnifiedJedis redis;
    private final RedisProperties properties;
    private final NodeId node;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile AutoCloseable subscription;

    public RedisBus(UnifiedJedis redis, RedisProperties properties, NodeId node) {
        this.redis = redis;
        this.properties = properties;
        this.node = node;
    }

    // The store's one name.
    static String channel(String nodeId) {
        return "hushcall:node:{" + nodeId + "}";
    }

    @Override
    public void publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame) {
        String message = device.user() + "\n" + device.deviceId() + "\n" + frame.id() + "\n" + frame.frame();
        Redis.run("publishing a frame", () -> {
            if (redis instanceof JedisCluster cluster) {
                cluster.spublish(channel(nodeId), message);
            } else {
                redis.publish(channel(nodeId), message);
            }
        });
    }

    @Override
    public void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
        Thread listener = new Thread(() -> loop(receiver, onResubscribed), "hushcall-bus");
        listener.setDaemon(true);
        listener.start();
    }

    private void loop(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
        boolean first = true;
        long backoffMillis = 100;
        while (running.get()) {
            try {
                subscribe(receiver, first ? () -> { } : onResubscribed);
                first = false;
                backoffMillis = 100;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                first = false;
                log.warn("node bus lost its Redis subscription ({}); retrying in {} ms",
                        e.getClass().getSimpleName(), backoffMillis);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 2000);
            }
        }
    }

    /** Blocks while subscribed. */
    private void subscribe(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onSubscribed) {
        String channel = channel(node.value());
        if (properties.isCluster()) {
            try (JedisCluster subscriber = new JedisCluster(RedisConfiguration.hosts(properties.clusterNodes()),
                    RedisConfiguration.clientConfig(properties, null, false))) {
                JedisShardedPubSub pubSub = new JedisShardedPubSub() {
                    @Override
                    public void onSSubscribe(String channel, int count) {
                        onSubscribed.run();
                    }

                    @Override
                    public void onSMessage(String channel, String message) {
                        receive(message, receiver);
                    }
                };
                subscription = pubSub::sunsubscribe;
                subscriber.ssubscribe(pubSub, channel);
            }
            return;
        }
        var host = redis instanceof JedisSentineled sentineled ? sentineled.getCurrentMaster()
                : RedisConfiguration.standaloneHost(properties.url());
        try (Jedis subscriber = new Jedis(host, RedisConfiguration.clientConfig(properties, properties.url(), false))) {
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    onSubscribed.run();
                }

                @Override
                public void onMessage(String channel, String message) {
                    receive(message, receiver);
                }
            };
            subscription = pubSub::unsubscribe;
            subscriber.subscribe(pubSub, channel);
        }
    }

    private static void receive(String message, BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver) {
        try {
            int a = message.indexOf('\n');
            int b = message.indexOf('\n', a + 1);
            int c = message.indexOf('\n', b + 1);
            DeviceAddress device = new DeviceAddress(message.substring(0, a), Integer.parseInt(message.substring(a + 1, b)));
            receiver.accept(device, new DeviceConnection.Outgoing(message.substring(b + 1, c), message.substring(c + 1)));
        } catch (RuntimeException e) {
            log.warn("dropped a malformed node bus message ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        AutoCloseable current = subscription;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException alreadyGone) {
                // the connection is gone; the daemon thread ends with it
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
