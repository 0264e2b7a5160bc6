package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.routing.MailboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Mailboxes in Redis: what a device has not acknowledged survives the node that held its socket.
 *
 * <pre>
 * mbox:{user}:&lt;device&gt;     hash    envelope id → "expiresAtMs|callId|frame"   TTL: its latest envelope's expiry
 * mboxq:{user}:&lt;device&gt;    zset    envelope id by arrival sequence             same TTL
 * mboxseq:{user}:&lt;device&gt;  string  the arrival counter                          same TTL
 * </pre>
 * The user's hash tag keeps the three keys on one slot, so an append is one script; a removal is two plain
 * commands in one pipeline.
 *
 * <p>Acknowledgements, one per delivered frame and the most frequent write, are gathered for {@link #ACK_LINGER} and
 * written together in one pipelined round trip, by one writer thread.
 */
public class RedisMailboxStore implements MailboxStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisMailboxStore.class);

    /** How long an acknowledgement waits for others to share its round trip. */
    static final Duration ACK_LINGER = Duration.ofMillis(5);
    /**
     * An upper bound of one stored frame's size: a client frame's cap plus what the server adds. Below capacity
     * bytes / this, the append script need not add up the mailbox's bytes.
     */
    static final long LARGEST_FRAME = 2L * 65536;
    /** Most acknowledgements in one pipeline; more wait for the next. */
    static final int MAX_ACK_BATCH = 1000;

    private record Acknowledged(DeviceAddress device, String envelopeId) {
    }

    private final UnifiedJedis redis;
    private final LuaScript append = LuaScript.load("mailbox-append");
    private final LuaScript pending = LuaScript.load("mailbox-pending");
    private final LuaScript removeCall = LuaScript.load("mailbox-remove-call");
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService ackWriter = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hushcall-ack-writer");
        thread.setDaemon(true);
        return thread;
    });

    public RedisMailboxStore(UnifiedJedis redis) {
        this.redis = redis;
    }

    // Every key of the store is named here.
    static List<String> keys(DeviceAddress device) {
        String suffix = Redis.tag(device.user()) + ":" + device.deviceId();
        return List.of("mbox:" + suffix, "mboxq:" + suffix, "mboxseq:" + suffix);
    }

    @Override
    public boolean append(DeviceAddress device, Envelope envelope, Capacity capacity) {
        String encoded = envelope.expiresAt().toEpochMilli() + "|" + envelope.callId() + "|" + envelope.frame();
        long seq = Redis.call("queueing a frame", () -> (Long) append.run(redis, keys(device),
                List.of(envelope.id(), encoded, Long.toString(envelope.expiresAt().toEpochMilli()),
                        Integer.toString(capacity.frames()), Long.toString(capacity.bytes()),
                        Integer.toString(envelope.frame().length()), Long.toString(LARGEST_FRAME))));
        return seq > 0;
    }

    @Override
    public List<Envelope> pending(DeviceAddress device, Instant now) {
        List<?> flat = Redis.call("reading a mailbox", () ->
                (List<?>) pending.run(redis, keys(device).subList(0, 2), List.of(Long.toString(now.toEpochMilli()))));
        List<Envelope> envelopes = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            envelopes.add(decode((String) flat.get(i), (String) flat.get(i + 1)));
        }
        return envelopes;
    }

    @Override
    public boolean remove(DeviceAddress device, String envelopeId) {
        return Redis.call("acknowledging a frame", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Long> removed = queueRemoval(pipeline, device, envelopeId);
                pipeline.sync();
                return removed.get() > 0;
            }
        });
    }

    /**
     * Plain commands, not a script: a removal interrupted between the two leaves at most a hash entry that nothing
     * lists (pending reads the queue first) and that expires with its mailbox.
     */
    private static Response<Long> queueRemoval(AbstractPipeline pipeline, DeviceAddress device, String envelopeId) {
        List<String> keys = keys(device);
        pipeline.zrem(keys.get(1), envelopeId);
        return pipeline.hdel(keys.get(0), envelopeId);
    }

    @Override
    public void acknowledge(DeviceAddress device, String envelopeId) {
        acknowledged.add(new Acknowledged(device, envelopeId));
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                ackWriter.schedule(this::writeAcknowledged, ACK_LINGER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                writeScheduled.set(false);
            }
        }
    }

    /** Writes what was acknowledged so far, in batches of at most {@link #MAX_ACK_BATCH}. */
    private void writeAcknowledged() {
        // From here on a new acknowledgement schedules the next write; this one takes all that are queued.
        writeScheduled.set(false);
        List<Acknowledged> batch = new ArrayList<>();
        do {
            batch.clear();
            for (Acknowledged next; batch.size() < MAX_ACK_BATCH && (next = acknowledged.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                Redis.run("acknowledging frames", () -> {
                    try (AbstractPipeline pipeline = redis.pipelined()) {
                        for (Acknowledged ack : batch) {
                            queueRemoval(pipeline, ack.device(), ack.envelopeId());
                        }
                        pipeline.sync();
                    }
                });
            } catch (RuntimeException e) {
                // Those frames stay in their mailboxes and are sent again on their devices' next connection.
                log.warn("{} acknowledgements not written: {}", batch.size(), e.getMessage());
            }
        } while (batch.size() == MAX_ACK_BATCH);
    }

    /** Writes the acknowledgements still waiting, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        ackWriter.execute(this::writeAcknowledged);
        ackWriter.shutdown();
        ackWriter.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void removeCall(List<DeviceAddress> devices, String callId) {
        Redis.run("dropping a call's frames", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<LuaScript.Queued> removed = new ArrayList<>(devices.size());
                for (DeviceAddress device : devices) {
                    removed.add(removeCall.queue(pipeline, keys(device).subList(0, 2), List.of(callId)));
                }
                pipeline.sync();
                removed.forEach(each -> each.get(redis));
            }
        });
    }

    /** Expired envelopes are dropped when read, and whole mailboxes expire with their last envelope. */
    @Override
    public void drop(DeviceAddress device) {
        // The three keys share the user's slot, so one DEL takes them all.
        Redis.run("dropping a mailbox", () -> redis.del(keys(device).toArray(String[]::new)));
    }

    @Override
    public void purgeExpired(Instant now) {
    }

    private static Envelope decode(String id, String encoded) {
        int first = encoded.indexOf('|');
        int second = encoded.indexOf('|', first + 1);
        return new Envelope(id, encoded.substring(first + 1, second), encoded.substring(second + 1),
                Instant.ofEpochMilli(Long.parseLong(encoded.substring(0, first))));
    }
}
