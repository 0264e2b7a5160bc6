package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.routing.MailboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Mailboxes in Redis: what a device has not acknowledged survives the node that held its socket.
 *
 * <pre>
 * mbox:{user}:&lt;device&gt;     hash    envelope id → "expiresAtMs|callId|frame"   TTL: its latest envelope's expiry
 * mboxq:{user}:&lt;device&gt;    zset    envelope id by arrival sequence             same TTL
 * mboxseq:{user}:&lt;device&gt;  string  the arrival counter                          same TTL
 * </pre>
 * The user's hash tag keeps the three keys on one slot, so each change is one script.
 */
public class RedisMailboxStore implements MailboxStore {

    private final UnifiedJedis redis;
    private final LuaScript append = LuaScript.load("mailbox-append");
    private final LuaScript pending = LuaScript.load("mailbox-pending");
    private final LuaScript remove = LuaScript.load("mailbox-remove");
    private final LuaScript removeCall = LuaScript.load("mailbox-remove-call");

    public RedisMailboxStore(UnifiedJedis redis) {
        this.redis = redis;
    }

    // Every key of the store is named here.
    static List<String> keys(DeviceAddress device) {
        String suffix = Redis.tag(device.user()) + ":" + device.deviceId();
        return List.of("mbox:" + suffix, "mboxq:" + suffix, "mboxseq:" + suffix);
    }

    @Override
    public void append(DeviceAddress device, Envelope envelope) {
        String encoded = envelope.expiresAt().toEpochMilli() + "|" + envelope.callId() + "|" + envelope.frame();
        Redis.run("queueing a frame", () -> append.run(redis, keys(device),
                List.of(envelope.id(), encoded, Long.toString(envelope.expiresAt().toEpochMilli()))));
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
        Object removed = Redis.call("acknowledging a frame", () ->
                remove.run(redis, keys(device).subList(0, 2), List.of(envelopeId)));
        return ((Long) removed) > 0;
    }

    @Override
    public void removeCall(DeviceAddress device, String callId) {
        Redis.run("dropping a call's frames", () -> removeCall.run(redis, keys(device).subList(0, 2), List.of(callId)));
    }

    /** Expired envelopes are dropped when read, and whole mailboxes expire with their last envelope. */
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
