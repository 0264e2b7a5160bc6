package dev.hushcall.signaling.store.memory;

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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Devices and keys of the embedded default. A user's devices are only read or changed inside
 * {@link ConcurrentMap#compute} on that user's entry, which makes every operation atomic per user;
 * an entry disappears with the user's last device and last held id.
 */
public class MemoryKeyStore implements KeyStore {

    private final ConcurrentMap<String, UserDevices> users = new ConcurrentHashMap<>();

    @Override
    public OptionalInt register(String user, DeviceKeys keys, OneTimeKeys oneTimeKeys, int maxDevices, Instant now) {
        return withUser(user, u -> {
            TreeMap<Integer, Device> devices = u.devices;
            if (devices.size() >= maxDevices) {
                return OptionalInt.empty();
            }
            u.held.values().removeIf(reusableAt -> !reusableAt.isAfter(now));
            int deviceId = 1;
            while (devices.containsKey(deviceId) || u.held.containsKey(deviceId)) {
                deviceId++;
            }
            devices.put(deviceId, new Device(keys, oneTimeKeys));
            return OptionalInt.of(deviceId);
        });
    }

    @Override
    public OptionalLong reregister(String user, int deviceId, DeviceKeys keys, OneTimeKeys oneTimeKeys) {
        return withDevices(user, devices -> {
            Device replaced = devices.replace(deviceId, new Device(keys, oneTimeKeys));
            return replaced == null ? OptionalLong.empty() : OptionalLong.of(replaced.generation);
        });
    }

    @Override
    public OptionalLong remove(String user, int deviceId, Instant reusableAt) {
        return withUser(user, u -> {
            Device removed = u.devices.remove(deviceId);
            if (removed == null) {
                return OptionalLong.empty();
            }
            u.held.put(deviceId, reusableAt);
            return OptionalLong.of(removed.generation);
        });
    }

    @Override
    public OptionalLong generation(String user, int deviceId) {
        return withDevices(user, devices -> {
            Device device = devices.get(deviceId);
            return device == null ? OptionalLong.empty() : OptionalLong.of(device.generation);
        });
    }

    @Override
    public List<DeviceSummary> devices(String user) {
        return withDevices(user, devices -> devices.entrySet().stream()
                .map(e -> new DeviceSummary(e.getKey(), e.getValue().keys.registrationId()))
                .toList());
    }

    @Override
    public SortedSet<Integer> deviceIds(String user) {
        return withDevices(user, devices -> Collections.unmodifiableSortedSet(new TreeSet<>(devices.keySet())));
    }

    @Override
    public UpdateResult update(String user, int deviceId, KeyUpdate update, int maxStoredPreKeys) {
        return withDevices(user, devices -> {
            Device device = devices.get(deviceId);
            if (device == null) {
                return UpdateResult.UNKNOWN_DEVICE;
            }
            if (!device.keys.identityKey().equals(update.identityKey())) {
                return UpdateResult.IDENTITY_KEY_MISMATCH;
            }
            OneTimeKeys added = update.oneTimeKeys();
            if (device.preKeys.size() + added.preKeys().size() > maxStoredPreKeys
                    || device.kyberPreKeys.size() + added.kyberPreKeys().size() > maxStoredPreKeys) {
                return UpdateResult.TOO_MANY_PREKEYS;
            }
            DeviceKeys keys = device.keys;
            device.keys = new DeviceKeys(keys.registrationId(), keys.identityKey(),
                    update.signedPreKey() == null ? keys.signedPreKey() : update.signedPreKey(),
                    update.kyberLastResortPreKey() == null ? keys.kyberLastResortPreKey() : update.kyberLastResortPreKey());
            device.add(added);
            return UpdateResult.UPDATED;
        });
    }

    @Override
    public Optional<PreKeyCount> count(String user, int deviceId) {
        return withDevices(user, devices -> Optional.ofNullable(devices.get(deviceId))
                .map(device -> new PreKeyCount(device.preKeys.size(), device.kyberPreKeys.size())));
    }

    @Override
    public List<DeviceBundle> takeBundles(String user) {
        return withDevices(user, devices -> {
            List<DeviceBundle> bundles = new ArrayList<>(devices.size());
            devices.forEach((deviceId, device) -> bundles.add(device.take(deviceId)));
            return List.copyOf(bundles);
        });
    }

    @Override
    public Optional<DeviceBundle> takeBundle(String user, int deviceId) {
        return withDevices(user, devices -> Optional.ofNullable(devices.get(deviceId)).map(d -> d.take(deviceId)));
    }

    private <T> T withDevices(String user, Function<TreeMap<Integer, Device>, T> action) {
        return withUser(user, u -> action.apply(u.devices));
    }

    /** Runs {@code action} while holding the user's entry; an entry with no device and no held id is not kept. */
    private <T> T withUser(String user, Function<UserDevices, T> action) {
        List<T> result = new ArrayList<>(1);
        users.compute(user, (name, entry) -> {
            UserDevices current = entry == null ? new UserDevices() : entry;
            result.add(action.apply(current));
            return current.devices.isEmpty() && current.held.isEmpty() ? null : current;
        });
        return result.get(0);
    }

    /** One user's devices by id, and the ids of removed devices that are not handed out again before a time. */
    private static final class UserDevices {
        private final TreeMap<Integer, Device> devices = new TreeMap<>();
        private final Map<Integer, Instant> held = new HashMap<>();
    }

    /** One device's keys; mutated only inside {@link #withDevices}. */
    private static final class Device {
        private final long generation = KeyStore.newGeneration();
        private DeviceKeys keys;
        private final Map<Integer, PreKey> preKeys = new LinkedHashMap<>();
        private final Map<Integer, SignedPreKey> kyberPreKeys = new LinkedHashMap<>();

        Device(DeviceKeys keys, OneTimeKeys oneTimeKeys) {
            this.keys = keys;
            add(oneTimeKeys);
        }

        void add(OneTimeKeys oneTimeKeys) {
            oneTimeKeys.preKeys().forEach(key -> preKeys.put(key.keyId(), key));
            oneTimeKeys.kyberPreKeys().forEach(key -> kyberPreKeys.put(key.keyId(), key));
        }

        DeviceBundle take(int deviceId) {
            PreKey preKey = pop(preKeys);
            SignedPreKey kyberPreKey = pop(kyberPreKeys);
            return new DeviceBundle(deviceId, keys.registrationId(), keys.identityKey(), keys.signedPreKey(),
                    kyberPreKey == null ? keys.kyberLastResortPreKey() : kyberPreKey, preKey);
        }

        private static <K> K pop(Map<Integer, K> pool) {
            Iterator<K> oldestFirst = pool.values().iterator();
            if (!oldestFirst.hasNext()) {
                return null;
            }
            K key = oldestFirst.next();
            oldestFirst.remove();
            return key;
        }
    }
}
