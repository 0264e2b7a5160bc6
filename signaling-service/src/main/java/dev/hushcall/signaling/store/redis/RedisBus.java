package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.routing.NodeBus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Node-to-node frames over Redis pub/sub: each node listens on its own channel, and all listen on one channel of
 * revocations. On a cluster the channels are sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7), so a frame
 * crosses one shard instead of being broadcast to all. Pub/sub rather than streams because durability is already the
 * mailbox's job: a message lost here (node down, bus reconnecting) is still in the mailbox and reaches the device on
 * its next connection, or at the listener's resync after it resubscribes; a lost revocation is caught by the re-check
 * of every socket when the listener resubscribes.
 */
public class RedisBus implements NodeBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final UnifiedJedis redis;
    private final RedisProperties properties;
    private final NodeId node;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** How each channel's current subscription is left. */
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();

    public RedisBus(UnifiedJedis redis, RedisProperties properties, NodeId node) {
        this.redis = redis;
        this.properties = properties;
        this.node = node;
    }

    /**
     * Every node's revocations. Sharded on a cluster too: every node subscribes to this one channel, so all of them
     * listen on the shard that owns its slot, and a revocation reaches each without a cluster-wide broadcast.
     */
    static final String REVOCATIONS = "hushcall:revocations";

    /** What each node's own channel is named after; {@code mailbox-append.lua} builds the name the same way. */
    static final String CHANNEL_PREFIX = "hushcall:node:{";

    // The store's names: each node's own channel, and REVOCATIONS.
    static String channel(String nodeId) {
        return CHANNEL_PREFIX + nodeId + "}";
    }

    /** A frame for {@code device} as the bus carries it; {@link RedisMailboxStore} publishes the same. */
    static String message(DeviceAddress device, DeviceConnection.Outgoing frame) {
        return device.user() + "\n" + device.deviceId() + "\n" + frame.id() + "\n" + frame.frame();
    }

    @Override
    public boolean publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame) {
        String message = message(device, frame);
        // The reply counts the subscribers that received the frame: a node listens on its own channel while it runs.
        long heard = Redis.call("publishing a frame", () -> redis instanceof JedisCluster cluster
                ? cluster.spublish(channel(nodeId), message)
                : redis.publish(channel(nodeId), message));
        return heard > 0;
    }

    @Override
    public void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
        start("hushcall-bus", channel(node.value()), message -> receive(message, receiver), onResubscribed);
    }

    @Override
    public void publishRevocation(DeviceAddress device, long generation) {
        String message = device.user() + "\n" + device.deviceId() + "\n" + generation;
        Redis.run("publishing a revocation", () -> {
            if (redis instanceof JedisCluster cluster) {
                cluster.spublish(REVOCATIONS, message);
            } else {
                redis.publish(REVOCATIONS, message);
            }
        });
    }

    @Override
    public void listenForRevocations(BiConsumer<DeviceAddress, Long> receiver, Runnable onResubscribed) {
        start("hushcall-revocations", REVOCATIONS, message -> receiveRevocation(message, receiver), onResubscribed);
    }

    private void start(String name, String channel, Consumer<String> handler, Runnable onResubscribed) {
        Thread listener = new Thread(() -> loop(channel, handler, onResubscribed), name);
        listener.setDaemon(true);
        listener.start();
    }

    private void loop(String channel, Consumer<String> handler, Runnable onResubscribed) {
        boolean first = true;
        long backoffMillis = 100;
        while (running.get()) {
            try {
                subscribe(channel, handler, first ? () -> { } : onResubscribed);
                first = false;
                backoffMillis = 100;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                first = false;
                log.warn("node bus lost its Redis subscription to {} ({}); retrying in {} ms", channel,
                        e.getClass().getSimpleName(), backoffMillis);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 2000);
            }
        }
    }

    /** Blocks while subscribed. */
    private void subscribe(String channel, Consumer<String> handler, Runnable onSubscribed) {
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
                        handler.accept(message);
                    }
                };
                subscriptions.put(channel, pubSub::sunsubscribe);
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
                    handler.accept(message);
                }
            };
            subscriptions.put(channel, pubSub::unsubscribe);
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

    private static void receiveRevocation(String message, BiConsumer<DeviceAddress, Long> receiver) {
        try {
            int a = message.indexOf('\n');
            int b = message.indexOf('\n', a + 1);
            DeviceAddress device = new DeviceAddress(message.substring(0, a), Integer.parseInt(message.substring(a + 1, b)));
            receiver.accept(device, Long.parseLong(message.substring(b + 1)));
        } catch (RuntimeException e) {
            log.warn("dropped a malformed revocation ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        for (AutoCloseable current : subscriptions.values()) {
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
