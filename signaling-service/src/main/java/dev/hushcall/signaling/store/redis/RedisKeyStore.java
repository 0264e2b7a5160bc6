package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.keys.DeviceBundle;
import dev.hushcall.signaling.keys.DeviceKeys;
import dev.hushcall.signaling.keys.DeviceSummary;
import dev.hushcall.signaling.keys.KeyStore;
import dev.hushcall.signaling.keys.KeyUpdate;
import dev.hushcall.signaling.keys.OneTimeKeys;
import dev.hushcall.signaling.keys.PreKey;
import dev.hushcall.signaling.keys.PreKeyCount;
import dev.hushcall.signaling.keys.SignedPreKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Devices and their keys in Redis.
 *
 * <pre>
 * devices:{user}       hash  deviceId → device keys (JSON: registration id, identity, signed, last-resort)
 * ecprekeys:{user}     zset  "&lt;deviceId&gt;:&lt;one-time EC key JSON&gt;"     scored deviceId · 2^32 + keyId
 * kyberprekeys:{user}  zset  "&lt;deviceId&gt;:&lt;one-time Kyber key JSON&gt;"  scored the same way
 * devicegen:{user}     hash  deviceId → registration generation
 * heldids:{user}       hash  deviceId → epoch ms until which a removed device's id is not handed out  TTL: the last hold
 * </pre>
 * No TTL on the others: device keys are permanent until the device is removed or re-registered, and a
 * one-time key waits until a caller takes it. The three keys share the user's hash tag, so every change is one
 * script on one slot; a fixed set of keys per user (rather than per device) lets each script declare every
 * key it touches. Key ids are 24-bit ({@code KeyValidator}), so a device's keys own the score range
 * [deviceId · 2^32, (deviceId + 1) · 2^32) and are handed out lowest key id first.
 */
public class RedisKeyStore implements KeyStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GroupCommit commit;
    private final LuaScript register = LuaScript.load("keys-register");
    private final LuaScript update = LuaScript.load("keys-update");
    private final LuaScript remove = LuaScript.load("keys-remove");
    private final LuaScript count = LuaScript.load("keys-count");
    private final LuaScript take = LuaScript.load("keys-take");
    private final LuaScript generation = LuaScript.load("keys-generation");

    public RedisKeyStore(GroupCommit commit) {
        this.commit = commit;
    }

    // Every key of the store is named here: devices, one-time EC keys, one-time Kyber keys, generations, held ids.
    static List<String> keys(String user) {
        String tag = Redis.tag(user);
        return List.of("devices:" + tag, "ecprekeys:" + tag, "kyberprekeys:" + tag, "devicegen:" + tag,
                "heldids:" + tag);
    }

    @Override
    public OptionalInt register(String user, DeviceKeys keys, OneTimeKeys oneTimeKeys, int maxDevices, Instant now) {
        List<?> result = Redis.call("registering a device", () -> (List<?>) register.run(commit, keys(user),
                withPools(oneTimeKeys, "0", Integer.toString(maxDevices), JSON.writeValueAsString(keys),
                        Long.toString(KeyStore.newGeneration()), Long.toString(now.toEpochMilli()))));
        long id = (Long) result.get(0);
        return id == 0 ? OptionalInt.empty() : OptionalInt.of((int) id);
    }

    @Override
    public OptionalLong reregister(String user, int deviceId, DeviceKeys keys, OneTimeKeys oneTimeKeys) {
        List<?> result = Redis.call("re-registering a device", () -> (List<?>) register.run(commit, keys(user),
                withPools(oneTimeKeys, Integer.toString(deviceId), "0", JSON.writeValueAsString(keys),
                        Long.toString(KeyStore.newGeneration()), "0")));
        return (Long) result.get(0) == 0 ? OptionalLong.empty() : generationOf((String) result.get(1));
    }

    @Override
    public OptionalLong remove(String user, int deviceId, Instant reusableAt) {
        String removed = Redis.call("removing a device", () -> (String) remove.run(commit, keys(user),
                List.of(Integer.toString(deviceId), Long.toString(reusableAt.toEpochMilli()))));
        return generationOf(removed);
    }

    @Override
    public OptionalLong generation(String user, int deviceId) {
        String current = Redis.call("reading a device's generation", () -> (String) generation.run(commit, keys(user),
                List.of(Integer.toString(deviceId))));
        return generationOf(current);
    }

    private static OptionalLong generationOf(String stored) {
        return stored == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(stored));
    }

    @Override
    public List<DeviceSummary> devices(String user) {
        Map<String, String> devices = Redis.call("listing devices",
                () -> commit.command(pipeline -> pipeline.hgetAll(keys(user).get(0))));
        return devices.entrySet().stream()
                .map(e -> new DeviceSummary(Integer.parseInt(e.getKey()), deviceKeys(e.getValue()).registrationId()))
                .sorted(Comparator.comparingInt(DeviceSummary::deviceId))
                .toList();
    }

    @Override
    public SortedSet<Integer> deviceIds(String user) {
        Set<String> fields = Redis.call("listing device ids",
                () -> commit.command(pipeline -> pipeline.hkeys(keys(user).get(0))));
        SortedSet<Integer> ids = new TreeSet<>();
        fields.forEach(field -> ids.add(Integer.parseInt(field)));
        return Collections.unmodifiableSortedSet(ids);
    }

    @Override
    public UpdateResult update(String user, int deviceId, KeyUpdate keyUpdate, int maxStoredPreKeys) {
        String result = Redis.call("storing uploaded keys", () -> (String) update.run(commit, keys(user),
                withPools(keyUpdate.oneTimeKeys(), Integer.toString(deviceId), keyUpdate.identityKey(),
                        jsonOrEmpty(keyUpdate.signedPreKey()), jsonOrEmpty(keyUpdate.kyberLastResortPreKey()),
                        Integer.toString(maxStoredPreKeys))));
        return UpdateResult.valueOf(result);
    }

    @Override
    public Optional<PreKeyCount> count(String user, int deviceId) {
        List<?> counts = Redis.call("counting prekeys", () ->
                (List<?>) count.run(commit, keys(user), List.of(Integer.toString(deviceId))));
        return Optional.ofNullable(counts)
                .map(c -> new PreKeyCount(((Long) c.get(0)).intValue(), ((Long) c.get(1)).intValue()));
    }

    @Override
    public List<DeviceBundle> takeBundles(String user) {
        return bundles(Redis.call("taking prekey bundles", () -> (List<?>) take.run(commit, keys(user), List.of())));
    }

    @Override
    public Optional<DeviceBundle> takeBundle(String user, int deviceId) {
        return bundles(Redis.call("taking a prekey bundle", () -> (List<?>) take.run(commit, keys(user),
                List.of(Integer.toString(deviceId))))).stream().findFirst();
    }

    /** Bundles from keys-take.lua's flat answer. */
    private static List<DeviceBundle> bundles(List<?> flat) {
        List<DeviceBundle> bundles = new ArrayList<>(flat.size() / 4);
        for (int i = 0; i + 3 < flat.size(); i += 4) {
            DeviceKeys keys = deviceKeys((String) flat.get(i + 1));
            PreKey preKey = oneTimeKey((String) flat.get(i + 2), PreKey.class);
            SignedPreKey kyberPreKey = oneTimeKey((String) flat.get(i + 3), SignedPreKey.class);
            bundles.add(new DeviceBundle(((Long) flat.get(i)).intValue(), keys.registrationId(), keys.identityKey(),
                    keys.signedPreKey(), kyberPreKey == null ? keys.kyberLastResortPreKey() : kyberPreKey, preKey));
        }
        return List.copyOf(bundles);
    }

    /** {@code leading} arguments, then each pool as its size followed by (keyId, key JSON) pairs. */
    private static List<String> withPools(OneTimeKeys oneTimeKeys, String... leading) {
        List<String> args = new ArrayList<>(List.of(leading));
        addPool(args, oneTimeKeys.preKeys(), PreKey::keyId);
        addPool(args, oneTimeKeys.kyberPreKeys(), SignedPreKey::keyId);
        return args;
    }

    private static <K> void addPool(List<String> args, List<K> pool, ToIntFunction<K> keyId) {
        args.add(Integer.toString(pool.size()));
        for (K key : pool) {
            int id = keyId.applyAsInt(key);
            // A negative id would land in the previous device's score range.
            if (id < 0) {
                throw new IllegalArgumentException("key ids are not negative: " + id);
            }
            args.add(Integer.toString(id));
            args.add(JSON.writeValueAsString(key));
        }
    }

    private static String jsonOrEmpty(SignedPreKey key) {
        return key == null ? "" : JSON.writeValueAsString(key);
    }

    private static DeviceKeys deviceKeys(String json) {
        return JSON.readValue(json, DeviceKeys.class);
    }

    /** A pool member is "deviceId:key JSON"; null (empty pool) stays null. */
    private static <T> T oneTimeKey(String member, Class<T> type) {
        return member == null ? null : JSON.readValue(member.substring(member.indexOf(':') + 1), type);
    }
}
