package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.keys.DeviceBundle;
import dev.hushcall.signaling.keys.DeviceKeys;
import dev.hushcall.signaling.keys.KeyStore;
import dev.hushcall.signaling.keys.KeyStore.UpdateResult;
import dev.hushcall.signaling.keys.KeyStoreContract;
import dev.hushcall.signaling.keys.KeyUpdate;
import dev.hushcall.signaling.keys.OneTimeKeys;
import dev.hushcall.signaling.keys.PreKey;
import dev.hushcall.signaling.keys.PreKeyCount;
import dev.hushcall.signaling.keys.SignedPreKey;
import dev.hushcall.signaling.testing.RedisServer;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The contract on one Redis, plus key naming and the scripts' edge cases. */
class RedisKeyStoreIT extends KeyStoreContract {

    private static final int MAX_DEVICES = 8;
    private static final int MAX_STORED = 300;
    private static final int MAX_KEY_ID = 0xFFFFFF;
    private static final Instant NOW = Instant.now();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private UnifiedJedis client;
    private RedisKeyStore store;

    @Override
    protected KeyStore newStore() {
        client = fresh.open();
        store = new RedisKeyStore(new GroupCommit(client, 2));
        return store;
    }

    @Test
    void everyKeyOfAUserCarriesTheUsersHashTagSoTheyShareOneSlot() {
        int slot = JedisClusterCRC16.getSlot("{alice}");

        assertThat(RedisKeyStore.keys("alice")).hasSize(5).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).contains("{alice}"))
                .allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(slot));
        assertThat(RedisKeyStore.keys("bob")).doesNotContainAnyElementsOf(RedisKeyStore.keys("alice"));
    }

    @Test
    void deviceKeysWaitingPrekeysAndGenerationsNeverExpire() {
        store.register("alice", keys("alice", 1), oneTime("alice", 2, 2), MAX_DEVICES, NOW);

        assertThat(RedisKeyStore.keys("alice").subList(0, 4)).allSatisfy(key -> {
            assertThat(client.exists(key)).isTrue();
            assertThat(client.pttl(key)).isEqualTo(-1L);
        });
    }

    @Test
    void takingTheLastOneTimeKeysLeavesNoPoolKeysAndTheLastResortKeyServes() {
        DeviceKeys keys = keys("alice", 1);
        store.register("alice", keys, oneTime("alice", 1, 1), MAX_DEVICES, NOW);

        assertThat(store.takeBundles("alice").get(0).preKey()).isEqualTo(ec("alice", 1));

        assertThat(client.exists(RedisKeyStore.keys("alice").subList(1, 3).toArray(String[]::new))).isZero();
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(0, 0));
        DeviceBundle drained = store.takeBundles("alice").get(0);
        assertThat(drained.preKey()).isNull();
        assertThat(drained.kyberPreKey()).isEqualTo(keys.kyberLastResortPreKey());
    }

    @Test
    void deviceWithEmptyPoolsStillGivesABundleNextToOneWithKeys() {
        DeviceKeys empty = keys("empty", 1);
        store.register("alice", empty, OneTimeKeys.NONE, MAX_DEVICES, NOW);
        store.register("alice", keys("full", 2), oneTime("full", 1, 1), MAX_DEVICES, NOW);

        List<DeviceBundle> bundles = store.takeBundles("alice");

        assertThat(bundles).extracting(DeviceBundle::preKey).containsExactly(null, ec("full", 1));
        assertThat(bundles).extracting(DeviceBundle::kyberPreKey)
                .containsExactly(empty.kyberLastResortPreKey(), kyber("full", 1));
    }

    @Test
    void keyIdsAtBothEndsOfTheRangeStayWithTheirDeviceAndGoLowestFirst() {
        store.register("alice", keys("one", 1), new OneTimeKeys(
                List.of(new PreKey(MAX_KEY_ID, "ec-top"), new PreKey(0, "ec-zero")),
                List.of(new SignedPreKey(MAX_KEY_ID, "kyber-top", "sig"))), MAX_DEVICES, NOW);
        store.register("alice", keys("two", 2), new OneTimeKeys(List.of(new PreKey(0, "ec-two")), List.of()),
                MAX_DEVICES, NOW);

        List<DeviceBundle> first = store.takeBundles("alice");
        List<DeviceBundle> second = store.takeBundles("alice");

        assertThat(first).extracting(DeviceBundle::preKey)
                .containsExactly(new PreKey(0, "ec-zero"), new PreKey(0, "ec-two"));
        assertThat(first.get(0).kyberPreKey()).isEqualTo(new SignedPreKey(MAX_KEY_ID, "kyber-top", "sig"));
        assertThat(second).extracting(DeviceBundle::preKey).containsExactly(new PreKey(MAX_KEY_ID, "ec-top"), null);
        assertThat(store.count("alice", 1)).contains(new PreKeyCount(0, 0));
        assertThat(store.count("alice", 2)).contains(new PreKeyCount(0, 0));
    }

    @Test
    void keyIdRepeatedInOneUploadKeepsItsLastKey() {
        store.register("alice", keys("alice", 1), new OneTimeKeys(
                List.of(new PreKey(7, "first"), new PreKey(7, "second")), List.of()), MAX_DEVICES, NOW);
        store.update("alice", 1, update("alice", null, null, new OneTimeKeys(List.of(),
                List.of(new SignedPreKey(9, "first", "sig"), new SignedPreKey(9, "second", "sig")))), MAX_STORED);

        assertThat(store.count("alice", 1)).contains(new PreKeyCount(1, 1));
        DeviceBundle bundle = store.takeBundles("alice").get(0);
        assertThat(bundle.preKey()).isEqualTo(new PreKey(7, "second"));
        assertThat(bundle.kyberPreKey()).isEqualTo(new SignedPreKey(9, "second", "sig"));
    }

    @Test
    void removingTheLastDeviceLeavesOnlyItsHeldIdWhichExpiresWithTheHold() {
        store.register("alice", keys("alice", 1), oneTime("alice", 3, 3), MAX_DEVICES, NOW);

        store.remove("alice", 1, Instant.now().plusSeconds(60));

        assertThat(client.dbSize()).isEqualTo(1);
        assertThat(client.pttl(RedisKeyStore.keys("alice").get(4))).isBetween(50_000L, 60_000L);
    }

    @Test
    void deviceRegisteredBeforeGenerationsHasTheFirstGeneration() {
        client.hset(RedisKeyStore.keys("alice").get(0), "1", "{}");

        assertThat(store.generation("alice", 1)).hasValue(KeyStore.FIRST_GENERATION);
        assertThat(store.remove("alice", 1, NOW)).hasValue(KeyStore.FIRST_GENERATION);
    }

    @Test
    void keysNeedingJsonEscapesSurviveTheUpdateScriptsRewrite() {
        String identity = "id/with+slash=\"quote\"\\back\u00e9\u2603";
        DeviceKeys keys = new DeviceKeys(16380, identity, new SignedPreKey(MAX_KEY_ID, "a/b+c==", "s/i+g="),
                new SignedPreKey(1, "last/resort", "s\"ig"));
        store.register("alice", keys, OneTimeKeys.NONE, MAX_DEVICES, NOW);
        SignedPreKey newSigned = new SignedPreKey(5, "new/signed\u00e9", "new\\sig");

        assertThat(store.update("alice", 1, new KeyUpdate(identity, newSigned, null,
                OneTimeKeys.NONE), MAX_STORED)).isEqualTo(UpdateResult.UPDATED);

        assertThat(store.takeBundles("alice")).containsExactly(new DeviceBundle(1, 16380, identity, newSigned,
                keys.kyberLastResortPreKey(), null));
    }

    @Test
    void refusedUploadKeepsTheSignedKeysItCarried() {
        DeviceKeys keys = keys("alice", 1);
        store.register("alice", keys, oneTime("alice", 5, 0), MAX_DEVICES, NOW);

        UpdateResult result = store.update("alice", 1,
                update("alice", new SignedPreKey(2, "signed-new", "sig"), null, oneTime("more", 10, 1, 0)), 5);

        assertThat(result).isEqualTo(UpdateResult.TOO_MANY_PREKEYS);
        assertThat(store.takeBundles("alice").get(0).signedPreKey()).isEqualTo(keys.signedPreKey());
    }

    @Test
    void negativeKeyIdIsRefusedBeforeItReachesRedis() {
        OneTimeKeys negative = new OneTimeKeys(List.of(new PreKey(-1, "ec")), List.of());

        assertThatThrownBy(() -> store.register("alice", keys("alice", 1), negative, MAX_DEVICES, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.dbSize()).isZero();
    }

    @Test
    void scriptsAreLoadedAgainAfterRedisForgetsThem() {
        store.register("alice", keys("alice", 1), oneTime("alice", 1, 1), MAX_DEVICES, NOW);

        client.scriptFlush();

        assertThat(store.takeBundles("alice").get(0).preKey()).isEqualTo(ec("alice", 1));
    }

    @Test
    void redisThatDoesNotAnswerIsReportedAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (JedisPooled nowhere = new JedisPooled("127.0.0.1", closedPort)) {
            RedisKeyStore unreachable = new RedisKeyStore(new GroupCommit(nowhere, 2));

            assertThatThrownBy(() -> unreachable.takeBundles("alice")).isInstanceOf(Unavailable.class);
        }
    }
}
