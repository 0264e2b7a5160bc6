package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.PresenceDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which node holds each device's socket.
 *
 * <pre>
 * presence:{user}  hash  deviceId → nodeId   TTL 24 h, renewed whenever a device of the user connects
 * </pre>
 * An entry left by a node that died is harmless: frames published to it wait in the mailbox until the
 * device reconnects, which overwrites the entry.
 */
public class RedisPresence implements PresenceDirectory {

    static final Duration TTL = Duration.ofHours(24);

    private final GroupCommit commit;
    private final LuaScript online = LuaScript.load("presence-online");
    private final LuaScript offline = LuaScript.load("presence-offline");

    public RedisPresence(GroupCommit commit) {
        this.commit = commit;
    }

    // The store's one key.
    static String key(String user) {
        return "presence:" + Redis.tag(user);
    }

    @Override
    public void online(DeviceAddress device, String nodeId) {
        Redis.run("marking a device online", () -> online.run(commit, List.of(key(device.user())),
                List.of(Integer.toString(device.deviceId()), nodeId, Long.toString(TTL.toMillis()))));
    }

    @Override
    public void offline(DeviceAddress device, String nodeId) {
        Redis.run("marking a device offline", () -> offline.run(commit, List.of(key(device.user())),
                List.of(Integer.toString(device.deviceId()), nodeId)));
    }

    @Override
    public Optional<String> nodeOf(DeviceAddress device) {
        return Optional.ofNullable(Redis.call("locating a device",
                () -> commit.command(pipeline -> pipeline.hget(key(device.user()),
                        Integer.toString(device.deviceId())))));
    }
}
