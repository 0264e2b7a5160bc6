package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStore.Published;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * Mailboxes in Redis: what a device has not acknowledged survives the node that held its socket.
 *
 * <pre>
 * mbox:{user}:&lt;device&gt;     hash    envelope id → "expiresAtMs|callId|frame"   TTL: its latest envelope's expiry
 * mboxq:{user}:&lt;device&gt;    zset    envelope id by arrival sequence             same TTL
 * mboxseq:{user}:&lt;device&gt;  string  the arrival counter                          same TTL
 * </pre>
 * The user's hash tag keeps the three keys on one slot, so an append is one script; a removal is two plain
 * commands in one pipeline. The user's presence hash ({@link RedisPresence}) shares that slot too, so the script that
 * appends a frame can also say where its device is connected.
 *
 * <p>Acknowledgements, one per delivered frame and the most frequent write, are {@linkplain GroupCommit#later later
 * writes}: they go with the next round trip the node makes, or together after {@link GroupCommit#LINGER}.
 */
public class RedisMailboxStore implements MailboxStore {

    /**
     * An upper bound of one stored frame's size: a client frame's cap plus what the server adds. Below capacity
     * bytes / this, the append script need not add up the mailbox's bytes.
     */
    static final long LARGEST_FRAME = 2L * 65536;
    private static final String ACKNOWLEDGEMENTS =
            "acknowledgements (their frames are sent again on their devices' next connection)";

    private final GroupCommit commit;
    private final LuaScript append = LuaScript.load("mailbox-append");
    private final LuaScript pending = LuaScript.load("mailbox-pending");
    private final LuaScript removeCall = LuaScript.load("mailbox-remove-call");

    public RedisMailboxStore(GroupCommit commit) {
        this.commit = commit;
    }

    // Every key of the store is named here.
    static List<String> keys(DeviceAddress device) {
        String suffix = Redis.tag(device.user()) + ":" + device.deviceId();
        return List.of("mbox:" + suffix, "mboxq:" + suffix, "mboxseq:" + suffix);
    }

    @Override
    public boolean append(DeviceAddress device, Envelope envelope, Capacity capacity) {
        long seq = Redis.call("queueing a frame", () -> (Long) append.run(commit, keys(device),
                appendArguments(device, envelope, capacity)));
        return seq > 0;
    }

    private static List<String> appendArguments(DeviceAddress device, Envelope envelope, Capacity capacity) {
        String encoded = envelope.expiresAt().toEpochMilli() + "|" + envelope.callId() + "|" + envelope.frame();
        return List.of(envelope.id(), encoded, Long.toString(envelope.expiresAt().toEpochMilli()),
                Integer.toString(capacity.frames()), Long.toString(capacity.bytes()),
                Integer.toString(envelope.frame().length()), Long.toString(LARGEST_FRAME),
                Integer.toString(device.deviceId()));
    }

    /**
     * One script: the append, the device's node read from its user's presence hash, which shares the mailbox's slot
     * ({@link RedisPresence#key}), and the frame published to that node when it is not this one. On a cluster a node's
     * channel lives on another slot than the user's keys, so there the bus publishes it in a round trip of its own.
     */
    @Override
    public Appended appendAndSend(DeviceAddress device, Envelope envelope, Capacity capacity, String thisNode) {
        List<String> keys = new ArrayList<>(keys(device));
        keys.add(RedisPresence.key(device.user()));
        List<String> args = new ArrayList<>(appendArguments(device, envelope, capacity));
        if (!commit.clustered()) {
            args.add(thisNode);
            args.add(RedisBus.CHANNEL_PREFIX);
            args.add(RedisBus.message(device, new DeviceConnection.Outgoing(envelope.id(), envelope.frame())));
        }
        List<?> reply = Redis.call("queueing a frame", () -> (List<?>) append.run(commit, keys, args));
        if ((Long) reply.get(0) == 0) {
            return Appended.FULL;
        }
        long heard = (Long) reply.get(2);
        Published published = heard < 0 ? Published.NOT_TRIED : heard > 0 ? Published.HEARD : Published.UNHEARD;
        return new Appended(true, true, Optional.ofNullable((String) reply.get(1)), published);
    }

    @Override
    public List<Envelope> pending(DeviceAddress device, Instant now) {
        List<?> flat = Redis.call("reading a mailbox", () ->
                (List<?>) pending.run(commit, keys(device).subList(0, 2), List.of(Long.toString(now.toEpochMilli()))));
        List<Envelope> envelopes = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            envelopes.add(decode((String) flat.get(i), (String) flat.get(i + 1)));
        }
        return envelopes;
    }

    @Override
    public boolean remove(DeviceAddress device, String envelopeId) {
        return Redis.call("acknowledging a frame",
                () -> commit.command(pipeline -> queueRemoval(pipeline, device, envelopeId)) > 0);
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
        commit.later(new GroupCommit.Later(ACKNOWLEDGEMENTS, pipeline -> queueRemoval(pipeline, device, envelopeId)));
    }

    @Override
    public void removeCall(List<DeviceAddress> devices, String callId) {
        Redis.run("dropping a call's frames", () -> {
            commit.send(pipeline -> {
                List<LuaScript.Queued> removed = new ArrayList<>(devices.size());
                for (DeviceAddress device : devices) {
                    removed.add(removeCall.queue(pipeline, keys(device).subList(0, 2), List.of(callId)));
                }
                return () -> {
                    removed.forEach(each -> each.get(commit));
                    return null;
                };
            });
        });
    }

    /** Expired envelopes are dropped when read, and whole mailboxes expire with their last envelope. */
    @Override
    public void drop(DeviceAddress device) {
        // The three keys share the user's slot, so one DEL takes them all.
        Redis.run("dropping a mailbox",
                () -> commit.command(pipeline -> pipeline.del(keys(device).toArray(String[]::new))));
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
