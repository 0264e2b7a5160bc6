package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.keys.KeyStore.UpdateResult;
import dev.hushcall.signaling.testing.Concurrently;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyStore} must do, whatever holds the data. An implementation's test extends this
 * class and supplies a fresh, empty store. Keys here are opaque strings: a store never parses them.
 */
public abstract class KeyStoreContract {

    private static final int MAX_DEVICES = 8;
    private static final int MAX_STORED = 300;
    /** Near the real time: the Redis store lets a held id's key expire when the hold ends, in real time. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private KeyStore store;

    /** A store holding nothing. */
    protected abstract KeyStore newStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
    }

    @Test
    void devicesGetTheSmallestFreeIdStartingAtOne() {
        assertThat(register("alice")).isEqualTo(1);
        assertThat(register("alice")).isEqualTo(2);
        assertThat(register("alice")).isEqualTo(3);
        assertThat(store.remove("alice", 2, NOW)).isPresent();

        assertThat(register("alice")).isEqualTo(2);
        assertThat(register("alice")).isEqualTo(4);
    }

    @Test
    void removedIdIsNotHandedOutBeforeItsHoldEnds() {
        assertThat(register("alice")).isEqualTo(1);
        assertThat(register("alice")).isEqualTo(2);
        store.remove("alice", 1, NOW.plusSeconds(120));

        assertThat(store.register("alice", keys("a", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW.plusSeconds(119)))
                .hasValue(3);
        assertThat(store.register("alice", keys("b", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW.plusSeconds(120)))
                .hasValue(1);
    }

    @Test
    void idHeldForOneUserIsFreeForAnother() {
        register("alice");
        store.remove("alice", 1, NOW.plusSeconds(120));

        assertThat(register("bob")).isEqualTo(1);
        assertThat(register("alice")).isEqualTo(2);
    }

    @Test
    void heldIdsDoNotCountTowardsTheDeviceCap() {
        for (int i = 1; i <= MAX_DEVICES; i++) {
            register("alice");
        }
        store.remove("alice", 3, NOW.plusSeconds(120));

        assertThat(register("alice")).isEqualTo(MAX_DEVICES + 1);
        assertThat(store.deviceIds("alice")).hasSize(MAX_DEVICES).doesNotContain(3);
    }

    @Test
    void everyRegistrationHasItsOwnGeneration() {
        register("alice");
        register("alice");
        OptionalLong first = store.generation("alice", 1);

        assertThat(first).isPresent();
        assertThat(first.getAsLong()).isPositive().isNotEqualTo(store.generation("alice", 2).getAsLong());
        assertThat(store.generation("alice", 3)).isEmpty();
        assertThat(store.generation("bob", 1)).isEmpty();
    }

    @Test
    void reregistrationReturnsTheGenerationItReplacedAndStartsANewOne() {
        register("alice");
        long before = store.generation("alice", 1).getAsLong();

        assertThat(store.reregister("alice", 1, keys("new", 2), OneTimeKeys.NONE)).hasValue(before);

        assertThat(store.generation("alice", 1).getAsLong()).isPositive().isNotEqualTo(before);
    }

    @Test
    void removalReturnsTheGenerationItRemoved() {
        register("alice");
        long generation = store.generation("alice", 1).getAsLong();

        assertThat(store.remove("alice", 1, NOW)).hasValue(generation);

        assertThat(store.generation("alice", 1)).isEmpty();
        assertThat(register("alice")).isEqualTo(1);
        assertThat(store.generation("alice", 1).getAsLong()).isNotEqualTo(generation);
    }

    @Test
    void registrationBeyondTheDeviceCapIsRefused() {
        for (int i = 1; i <= MAX_DEVICES; i++) {
            assertThat(register("alice")).isEqualTo(i);
        }

        assertThat(store.register("alice", keys("alice", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW)).isEmpty();
        assertThat(store.devices("alice")).hasSize(MAX_DEVICES);
    }

    @Test
    void devicesAreListedAscendingWithTheirRegistrationIds() {
        store.register("alice", keys("a", 11), OneTimeKeys.NONE, MAX_DEVICES, NOW);
        store.register("alice", keys("b", 22), OneTimeKeys.NONE, MAX_DEVICES, NOW);

        assertThat(store.devices("alice")).containsExactly(new DeviceSummary(1, 11), new DeviceSummary(2, 22));
        assertThat(store.devices("bob")).isEmpty();
    }

    @Test
    void deviceIdsAreTheRegisteredDevicesAscending() {
        store.register("alice", keys("a", 11), OneTimeKeys.NONE, MAX_DEVICES, NOW);
        store.register("alice", keys("b", 22), OneTimeKeys.NONE, MAX_DEVICES, NOW);
        store.register("alice", keys("c", 33), OneTimeKeys.NONE, MAX_DEVICES, NOW);
        store.remove("alice", 2, NOW);

        assertThat(store.deviceIds("alice")).containsExactly(1, 3);
        assertThat(store.deviceIds("bob")).isEmpty();
    }

    @Test
    void usersHaveSeparateDevicesAndKeys() {
        store.register("alice", keys("alice", 1), oneTime("alice", 1, 2), MAX_DEVICES, NOW);

        assertThat(store.register("bob", keys("bob", 2), OneTimeKeys.NONE, MAX_DEVICES, NOW)).hasValue(1);
        assertThat(store.count("bob", 1)).contains(new PreKeyCount(0, 0));
        assertThat(store.takeBundles("bob")).singleElement()
                .satisfies(bundle -> assertThat(bundle.identityKey()).isEqualTo("identity-bob"));
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 2));
    }

    @Test
    void bundleCarriesTheDeviceKeysAndOneOfEachOneTimeKey() {
        DeviceKeys keys = keys("alice", 4711);
        store.register("alice", keys, oneTime("alice", 1, 1), MAX_DEVICES, NOW);

        assertThat(store.takeBundles("alice")).containsExactly(new DeviceBundle(1, 4711, keys.identityKey(),
                keys.signedPreKey(), kyber("alice", 1), ec("alice", 1)));
    }

    @Test
    void eachOneTimeKeyIsHandedOutOnceThenTheLastResortKeyServes() {
        DeviceKeys keys = keys("alice", 1);
        store.register("alice", keys, oneTime("alice", 2, 2), MAX_DEVICES, NOW);

        DeviceBundle first = store.takeBundles("alice").get(0);
        DeviceBundle second = store.takeBundles("alice").get(0);
        DeviceBundle third = store.takeBundles("alice").get(0);

        assertThat(Arrays.asList(first.preKey(), second.preKey()))
                .containsExactlyInAnyOrder(ec("alice", 1), ec("alice", 2));
        assertThat(Arrays.asList(first.kyberPreKey(), second.kyberPreKey()))
                .containsExactlyInAnyOrder(kyber("alice", 1), kyber("alice", 2));
        assertThat(third.preKey()).isNull();
        assertThat(third.kyberPreKey()).isEqualTo(keys.kyberLastResortPreKey());
        assertThat(store.takeBundles("alice").get(0).kyberPreKey()).isEqualTo(keys.kyberLastResortPreKey());
    }

    @Test
    void everyDeviceOfTheUserGivesOneBundleAscending() {
        store.register("alice", keys("phone", 1), oneTime("phone", 1, 1), MAX_DEVICES, NOW);
        store.register("alice", keys("laptop", 2), oneTime("laptop", 1, 1), MAX_DEVICES, NOW);

        List<DeviceBundle> bundles = store.takeBundles("alice");

        assertThat(bundles).extracting(DeviceBundle::deviceId).containsExactly(1, 2);
        assertThat(bundles).extracting(DeviceBundle::preKey).containsExactly(ec("phone", 1), ec("laptop", 1));
    }

    @Test
    void oneDevicesBundleTakesOneTimeKeysOfThatDeviceOnly() {
        DeviceKeys laptop = keys("laptop", 22);
        store.register("alice", keys("phone", 11), oneTime("phone", 1, 1), MAX_DEVICES, NOW);
        store.register("alice", laptop, oneTime("laptop", 2, 2), MAX_DEVICES, NOW);

        assertThat(store.takeBundle("alice", 2)).contains(new DeviceBundle(2, 22, laptop.identityKey(),
                laptop.signedPreKey(), kyber("laptop", 1), ec("laptop", 1)));

        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 1));
        assertThat(store.count("alice", 2)).contains(new PreKeyCount(1, 1));
    }

    @Test
    void oneDevicesBundleFallsBackToTheLastResortKeyWhenItsPoolIsEmpty() {
        DeviceKeys phone = keys("phone", 11);
        store.register("alice", phone, oneTime("phone", 1, 1), MAX_DEVICES, NOW);
        store.register("alice", keys("laptop", 22), oneTime("laptop", 3, 3), MAX_DEVICES, NOW);

        DeviceBundle first = store.takeBundle("alice", 1).orElseThrow();
        DeviceBundle second = store.takeBundle("alice", 1).orElseThrow();

        assertThat(first.preKey()).isEqualTo(ec("phone", 1));
        assertThat(second.preKey()).isNull();
        assertThat(second.kyberPreKey()).isEqualTo(phone.kyberLastResortPreKey());
        assertThat(store.count("alice", 2)).contains(new PreKeyCount(3, 3));
    }

    @Test
    void anUnknownDeviceOrUserHasNoBundle() {
        store.register("alice", keys("phone", 11), oneTime("phone", 1, 1), MAX_DEVICES, NOW);

        assertThat(store.takeBundle("alice", 2)).isEmpty();
        assertThat(store.takeBundle("nobody", 1)).isEmpty();
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 1));
    }

    @Test
    void concurrentFetchesOfOneDeviceGetDistinctOneTimeKeys() throws Exception {
        store.register("bob", keys("bob", 1), oneTime("bob", 60, 60), MAX_DEVICES, NOW);
        store.register("bob", keys("bob-2", 2), oneTime("bob-2", 5, 5), MAX_DEVICES, NOW);

        List<DeviceBundle> bundles = Concurrently.run(50, () -> store.takeBundle("bob", 1).orElseThrow());

        assertThat(bundles).extracting(DeviceBundle::preKey).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(bundles).extracting(DeviceBundle::kyberPreKey).doesNotHaveDuplicates();
        assertThat(store.count("bob", 1)).contains(new PreKeyCount(10, 10));
        assertThat(store.count("bob", 2)).contains(new PreKeyCount(5, 5));
    }

    @Test
    void userWithoutDevicesHasNoBundles() {
        assertThat(store.takeBundles("nobody")).isEmpty();
    }

    @Test
    void countsFollowUploadsAndFetches() {
        store.register("alice", keys("alice", 1), oneTime("alice", 3, 2), MAX_DEVICES, NOW);
        store.takeBundles("alice");

        assertThat(store.count("alice", 1)).contains(new PreKeyCount(2, 1));
        assertThat(store.update("alice", 1, update("alice", null, null, oneTime("more", 10, 5, 1)), MAX_STORED))
                .isEqualTo(UpdateResult.UPDATED);
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(7, 2));
        assertThat(store.count("alice", 2)).isEmpty();
    }

    @Test
    void uploadReplacesTheSignedKeysOnlyWhenItCarriesThem() {
        DeviceKeys keys = keys("alice", 1);
        store.register("alice", keys, OneTimeKeys.NONE, MAX_DEVICES, NOW);
        SignedPreKey newSigned = new SignedPreKey(2, "signed-new", "sig");
        SignedPreKey newLastResort = new SignedPreKey(3, "last-resort-new", "sig");

        store.update("alice", 1, update("alice", newSigned, null, OneTimeKeys.NONE), MAX_STORED);
        DeviceBundle afterSigned = store.takeBundles("alice").get(0);
        store.update("alice", 1, update("alice", null, newLastResort, OneTimeKeys.NONE), MAX_STORED);
        DeviceBundle afterLastResort = store.takeBundles("alice").get(0);

        assertThat(afterSigned.signedPreKey()).isEqualTo(newSigned);
        assertThat(afterSigned.kyberPreKey()).isEqualTo(keys.kyberLastResortPreKey());
        assertThat(afterLastResort.signedPreKey()).isEqualTo(newSigned);
        assertThat(afterLastResort.kyberPreKey()).isEqualTo(newLastResort);
    }

    @Test
    void uploadUnderAnotherIdentityKeyChangesNothing() {
        store.register("alice", keys("alice", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW);

        UpdateResult result = store.update("alice", 1, update("mallory", null, null, oneTime("m", 1, 1)), MAX_STORED);

        assertThat(result).isEqualTo(UpdateResult.IDENTITY_KEY_MISMATCH);
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(0, 0));
    }

    @Test
    void uploadToAnUnknownDeviceIsRefused() {
        store.register("alice", keys("alice", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW);

        assertThat(store.update("alice", 2, update("alice", null, null, OneTimeKeys.NONE), MAX_STORED))
                .isEqualTo(UpdateResult.UNKNOWN_DEVICE);
        assertThat(store.update("bob", 1, update("alice", null, null, OneTimeKeys.NONE), MAX_STORED))
                .isEqualTo(UpdateResult.UNKNOWN_DEVICE);
    }

    @Test
    void uploadThatWouldOverfillThePoolIsRefusedWhole() {
        store.register("alice", keys("alice", 1), oneTime("first", 4, 0), MAX_DEVICES, NOW);

        UpdateResult result = store.update("alice", 1, update("alice", null, null, oneTime("second", 2, 1)), 5);

        assertThat(result).isEqualTo(UpdateResult.TOO_MANY_PREKEYS);
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(4, 0));
        assertThat(store.update("alice", 1, update("alice", null, null, oneTime("second", 1, 5)), 5))
                .isEqualTo(UpdateResult.UPDATED);
    }

    @Test
    void reuploadedKeyIdReplacesTheWaitingKey() {
        store.register("alice", keys("alice", 1), oneTime("old", 1, 0), MAX_DEVICES, NOW);

        store.update("alice", 1, update("alice", null, null, oneTime("new", 1, 0)), MAX_STORED);

        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 0));
        assertThat(store.takeBundles("alice").get(0).preKey()).isEqualTo(ec("new", 1));
    }

    @Test
    void reregistrationReplacesTheIdentityKeyAndEveryPrekey() {
        store.register("alice", keys("old", 1), oneTime("old", 3, 3), MAX_DEVICES, NOW);

        assertThat(store.reregister("alice", 1, keys("new", 2), oneTime("new", 1, 0))).isPresent();

        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 0));
        assertThat(store.devices("alice")).containsExactly(new DeviceSummary(1, 2));
        DeviceBundle bundle = store.takeBundles("alice").get(0);
        assertThat(bundle.identityKey()).isEqualTo("identity-new");
        assertThat(bundle.preKey()).isEqualTo(ec("new", 1));
        assertThat(bundle.kyberPreKey()).isEqualTo(keys("new", 2).kyberLastResortPreKey());
        assertThat(store.update("alice", 1, update("old", null, null, OneTimeKeys.NONE), MAX_STORED))
                .isEqualTo(UpdateResult.IDENTITY_KEY_MISMATCH);
    }

    @Test
    void reregistrationOfAnUnknownDeviceRegistersNothing() {
        assertThat(store.reregister("alice", 1, keys("alice", 1), OneTimeKeys.NONE)).isEmpty();
        assertThat(store.devices("alice")).isEmpty();
    }

    @Test
    void removingADeviceRemovesItsKeys() {
        store.register("alice", keys("alice", 1), oneTime("alice", 2, 2), MAX_DEVICES, NOW);

        assertThat(store.remove("alice", 1, NOW)).isPresent();

        assertThat(store.remove("alice", 1, NOW)).isEmpty();
        assertThat(store.devices("alice")).isEmpty();
        assertThat(store.count("alice", 1)).isEmpty();
        assertThat(store.takeBundles("alice")).isEmpty();
        assertThat(register("alice")).isEqualTo(1);
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(0, 0));
    }

    @Test
    void fiftyConcurrentFetchesGetFiftyDistinctOneTimeKeys() throws Exception {
        store.register("bob", keys("bob", 1), oneTime("bob", 60, 60), MAX_DEVICES, NOW);

        List<DeviceBundle> bundles = Concurrently.run(50, () -> store.takeBundles("bob").get(0));

        assertThat(bundles).extracting(DeviceBundle::preKey).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(bundles).extracting(DeviceBundle::kyberPreKey).doesNotHaveDuplicates()
                .doesNotContain(keys("bob", 1).kyberLastResortPreKey());
        assertThat(store.count("bob", 1)).contains(new PreKeyCount(10, 10));
    }

    @Test
    void concurrentFetchesBeyondTheSupplyFallBackToTheLastResortKey() throws Exception {
        store.register("bob", keys("bob", 1), oneTime("bob", 20, 20), MAX_DEVICES, NOW);

        List<DeviceBundle> bundles = Concurrently.run(50, () -> store.takeBundles("bob").get(0));

        List<PreKey> preKeys = bundles.stream().map(DeviceBundle::preKey).filter(k -> k != null).toList();
        assertThat(preKeys).hasSize(20).doesNotHaveDuplicates();
        SignedPreKey lastResort = keys("bob", 1).kyberLastResortPreKey();
        assertThat(bundles.stream().map(DeviceBundle::kyberPreKey).filter(k -> !k.equals(lastResort)).toList())
                .hasSize(20).doesNotHaveDuplicates();
        assertThat(store.count("bob", 1)).contains(new PreKeyCount(0, 0));
    }

    @Test
    void concurrentRegistrationsGetDistinctIdsUpToTheCap() throws Exception {
        List<OptionalInt> ids = Concurrently.run(20,
                () -> store.register("carol", keys("carol", 1), OneTimeKeys.NONE, MAX_DEVICES, NOW));

        Set<Integer> assigned = new HashSet<>();
        ids.stream().filter(OptionalInt::isPresent).forEach(id -> assigned.add(id.getAsInt()));
        assertThat(assigned).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, MAX_DEVICES).boxed().toList());
        assertThat(ids.stream().filter(OptionalInt::isPresent)).hasSize(MAX_DEVICES);
    }

    private int register(String user) {
        return store.register(user, keys(user, 1), OneTimeKeys.NONE, MAX_DEVICES, NOW).orElseThrow();
    }


    protected static DeviceKeys keys(String name, int registrationId) {
        return new DeviceKeys(registrationId, "identity-" + name, new SignedPreKey(1, "signed-" + name, "sig"),
                new SignedPreKey(1, "last-resort-" + name, "sig"));
    }

    protected static KeyUpdate update(String identityName, SignedPreKey signed, SignedPreKey lastResort,
                                      OneTimeKeys oneTime) {
        return new KeyUpdate("identity-" + identityName, signed, lastResort, oneTime);
    }

    /** {@code ec} EC keys and {@code kyber} Kyber keys numbered from 1, their values tagged by {@code name}. */
    protected static OneTimeKeys oneTime(String name, int ec, int kyber) {
        return oneTime(name, 1, ec, kyber);
    }

    protected static OneTimeKeys oneTime(String name, int first, int ec, int kyber) {
        return new OneTimeKeys(IntStream.range(first, first + ec).mapToObj(id -> ec(name, id)).toList(),
                IntStream.range(first, first + kyber).mapToObj(id -> kyber(name, id)).toList());
    }

    protected static PreKey ec(String name, int keyId) {
        return new PreKey(keyId, "ec-" + name + "-" + keyId);
    }

    /** Kyber key number {@code n}, with key id n + 1: id 1 is the last-resort key's. */
    protected static SignedPreKey kyber(String name, int n) {
        return new SignedPreKey(n + 1, "kyber-" + name + "-" + n, "sig");
    }
}
