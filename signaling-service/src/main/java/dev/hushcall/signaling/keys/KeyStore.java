package dev.hushcall.signaling.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Registered devices and their keys. Everything it receives is already verified; it stores, counts and
 * hands out. Implementations live in {@code store.*} and pass {@code KeyStoreContract}.
 *
 * <p>Every method is atomic per user: a device id is assigned once, and each one-time key is handed out
 * to exactly one {@link #takeBundles} call however many run at once.
 *
 * <p>Each registration (and re-registration) of a device gets a new <em>generation</em>, a random positive number:
 * tickets and sockets remember the generation they were issued under, so deleting or re-registering a device voids
 * them even where the id lives on. A removed device's id is held, not handed to a new device, until
 * {@code reusableAt}: frames and calls that name the old device by id may still be in flight until then
 * (docs/protocol.md, "Deleting a device").
 */
public interface KeyStore {

    enum UpdateResult { UPDATED, UNKNOWN_DEVICE, IDENTITY_KEY_MISMATCH, TOO_MANY_PREKEYS }

    /** Generation a registration made before generations existed reads as. */
    long FIRST_GENERATION = 0;

    /** A fresh registration generation: random, positive, never {@link #FIRST_GENERATION}. */
    static long newGeneration() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    /**
     * Registers a new device under the smallest id that is neither registered nor held at {@code now}, starting at 1,
     * with a new generation.
     *
     * @return the new device id, or empty when the user already has {@code maxDevices}
     */
    OptionalInt register(String user, DeviceKeys keys, OneTimeKeys oneTimeKeys, int maxDevices, Instant now);

    /**
     * Replaces every key of an existing device and gives it a new generation.
     *
     * @return the generation it replaced; empty when the user has no such device
     */
    OptionalLong reregister(String user, int deviceId, DeviceKeys keys, OneTimeKeys oneTimeKeys);

    /**
     * Removes a device and its keys, and holds its id until {@code reusableAt}.
     *
     * @return the generation removed; empty when the user had no such device
     */
    OptionalLong remove(String user, int deviceId, Instant reusableAt);

    /** The device's current generation; empty when the user has no such device. */
    OptionalLong generation(String user, int deviceId);

    /** The user's devices, ascending by id; empty when none. */
    List<DeviceSummary> devices(String user);

    /**
     * The ids of the user's devices, ascending; empty when none. What every ticket and call frame checks, so it reads
     * no key material (in Redis, the hash's field names only).
     */
    SortedSet<Integer> deviceIds(String user);

    /**
     * Applies {@code update} if the device exists and still has {@code update.identityKey()}. A one-time key
     * whose id is already waiting replaces it. Refused whole, with {@code TOO_MANY_PREKEYS}, when the keys
     * waiting plus the keys uploaded would exceed {@code maxStoredPreKeys} for EC or for Kyber.
     */
    UpdateResult update(String user, int deviceId, KeyUpdate update, int maxStoredPreKeys);

    /** One-time keys left on the device; empty when the user has no such device. */
    Optional<PreKeyCount> count(String user, int deviceId);

    /**
     * One bundle per device, ascending by device id, each taking (removing) one one-time EC key and one
     * one-time Kyber key; when the device has no one-time Kyber key left its last-resort key serves, and
     * when it has no one-time EC key left the bundle has none. Empty when the user has no devices.
     */
    List<DeviceBundle> takeBundles(String user);

    /**
     * The bundle of one device, as {@link #takeBundles} would hand it out, taking one-time keys of that device only:
     * what a caller needs to repair its session with a device it was missing. Empty when the user has no such device.
     */
    Optional<DeviceBundle> takeBundle(String user, int deviceId);
}
