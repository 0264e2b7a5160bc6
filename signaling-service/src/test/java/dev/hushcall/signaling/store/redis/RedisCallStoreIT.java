package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallProperties;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.call.CallStoreContract;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import dev.hushcall.signaling.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisCallStoreIT extends CallStoreContract {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static final CallProperties PROPERTIES = new CallProperties(Duration.ofSeconds(60), Duration.ofMinutes(2),
            Duration.ofSeconds(1));

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private UnifiedJedis client;

    @Override
    protected CallStore newStore() {
        client = fresh.open();
        return new RedisCallStore(new GroupCommit(client, 2), PROPERTIES);
    }

    @Override
    protected RingingCalls ringingCalls() {
        return new RedisRingingCalls(new GroupCommit(client, 2));
    }

    @Test
    void endedCallExpiresAfterTheRetentionAndARingingOneAfterRingLifetimePlusRetention() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        String key = RedisCallStore.callKey("alice|bob", "call-0001");
        assertThat(client.pttl(key)).isBetween(170_000L, 180_000L);
        store.end("call-0001", EndReason.DECLINED, new DeviceAddress("bob", 1), NOW);
        assertThat(client.pttl(key)).isBetween(110_000L, 120_000L);
        assertThat(client.smembers(RedisCallStore.liveKey("alice|bob"))).isEmpty();
    }

    @Test
    void answeredCallLeavesTheRingIndexAndItsIdLastsAsLongAsAnAnsweredCall() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        assertThat(client.zscore(RedisCallStore.ringIndexKey("call-0001"), "call-0001")).isNotNull();

        store.answer("call-0001", 1);

        assertThat(client.zscore(RedisCallStore.ringIndexKey("call-0001"), "call-0001")).isNull();
        assertThat(client.pttl(RedisCallStore.pairKey("call-0001")))
                .isBetween(CallStore.ANSWERED_LIFETIME.toMillis() - 10_000, CallStore.ANSWERED_LIFETIME.toMillis());
    }

    @Test
    void anEndedCallLeavesTheRingIndex() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        assertThat(client.zscore(RedisCallStore.ringIndexKey("call-0001"), "call-0001")).isNotNull();

        assertThat(store.end("call-0001", EndReason.HANGUP, new DeviceAddress("alice", 1), NOW)).isPresent();

        assertThat(client.zscore(RedisCallStore.ringIndexKey("call-0001"), "call-0001")).isNull();
        assertThat(store.end("call-0001", EndReason.HANGUP, new DeviceAddress("alice", 1), NOW)).isEmpty();
    }

    @Test
    void onlyTheCallThatWinsGlareStaysInTheRingIndex() {
        CallStore store = newStore();
        store.create(Call.ringing("call-bbbb", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        store.create(Call.ringing("call-cccc", new DeviceAddress("bob", 1), "alice", Set.of(1), NOW.plusSeconds(60)), NOW);
        assertThat(ringIndex()).containsExactly("call-bbbb");

        store.create(Call.ringing("call-aaaa", new DeviceAddress("bob", 1), "alice", Set.of(1), NOW.plusSeconds(60)), NOW);
        assertThat(ringIndex()).containsExactly("call-aaaa");
    }

    @Test
    void callsAreCreatedAndEndedAfterRedisForgotItsScripts() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        store.end("call-0001", EndReason.HANGUP, new DeviceAddress("alice", 1), NOW);
        client.scriptFlush();

        assertThat(store.create(Call.ringing("call-0002", new DeviceAddress("alice", 1), "bob", Set.of(1),
                NOW.plusSeconds(60)), NOW)).isInstanceOf(CallStore.Created.Ringing.class);
        assertThat(store.find("call-0002")).map(Call::state).contains(CallState.RINGING);
        client.scriptFlush();
        assertThat(store.end("call-0002", EndReason.HANGUP, new DeviceAddress("alice", 1), NOW))
                .map(Call::state).contains(CallState.RINGING);
        assertThat(store.find("call-0002")).map(Call::state).contains(CallState.ENDED);
        assertThat(ringIndex()).isEmpty();
    }

    /** Every call id in every shard of the ring index. */
    private List<String> ringIndex() {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < RedisCallStore.RING_SHARDS; shard++) {
            ids.addAll(client.zrange(RedisCallStore.ringIndexShard(shard), 0, -1));
        }
        return ids;
    }

    @Test
    void theRingIndexIsSpreadOverSixteenClusterSlotsByCallId() {
        Set<Integer> slots = new HashSet<>();
        for (int shard = 0; shard < RedisCallStore.RING_SHARDS; shard++) {
            slots.add(JedisClusterCRC16.getSlot(RedisCallStore.ringIndexShard(shard)));
        }
        Map<String, Long> callsPerShard = IntStream.range(0, 1600).mapToObj(i -> "call-" + i)
                .collect(Collectors.groupingBy(RedisCallStore::ringIndexKey, Collectors.counting()));

        assertThat(slots).hasSize(16);
        assertThat(callsPerShard).hasSize(16).allSatisfy((shard, calls) -> assertThat(calls).isBetween(50L, 150L));
    }

    @Test
    void aCallInTheRingIndexOfNodesFromBeforeTheShardsStillTimesOut() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        client.zrem(RedisCallStore.ringIndexKey("call-0001"), "call-0001");
        client.zadd(RedisCallStore.LEGACY_RING_INDEX, NOW.plusSeconds(60).toEpochMilli(), "call-0001");

        assertThat(store.ringingUntil(NOW.plusSeconds(61))).extracting(Call::callId).containsExactly("call-0001");
        store.end("call-0001", EndReason.TIMEOUT, null, NOW.plusSeconds(61));
        assertThat(store.ringingUntil(NOW.plusSeconds(61))).isEmpty();
        assertThat(client.zcard(RedisCallStore.LEGACY_RING_INDEX)).as("the ended call leaves it when swept").isZero();
    }

    @Test
    void theCreateScriptTouchesOnlyTheCallsItIsGivenAndAsksAgainWhenThePairHasMore() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        GroupCommit commit = new GroupCommit(client, 1);
        List<String> args = List.of("call-0002", "bob", "1", "alice", "1", Long.toString(NOW.plusSeconds(60).toEpochMilli()),
                Long.toString(NOW.toEpochMilli()), "60000", "1000", RedisCallStore.callKeyPrefix("alice|bob"));
        LuaScript create = LuaScript.load("call-create");

        Object notGiven = create.run(commit, List.of(RedisCallStore.callKey("alice|bob", "call-0002"),
                RedisCallStore.liveKey("alice|bob")), args);
        boolean writtenWhenNotGiven = client.exists(RedisCallStore.callKey("alice|bob", "call-0002"));
        Object given = create.run(commit, List.of(RedisCallStore.callKey("alice|bob", "call-0002"),
                RedisCallStore.liveKey("alice|bob"), RedisCallStore.callKey("alice|bob", "call-0001")), args);

        assertThat(notGiven).isEqualTo(List.of("retry"));
        assertThat(writtenWhenNotGiven).isFalse();
        assertThat(given).asList().first().isEqualTo("lost");
    }

    @Test
    void callKeysOfOnePairShareOneClusterSlot() {
        assertThat(JedisClusterCRC16.getSlot(RedisCallStore.callKey("alice|bob", "call-1")))
                .isEqualTo(JedisClusterCRC16.getSlot(RedisCallStore.liveKey("alice|bob")))
                .isEqualTo(JedisClusterCRC16.getSlot(RedisCallStore.callKey("alice|bob", "call-2")));
    }

    @Test
    void usersLiveCallsAreIndexedByWhenEachWouldBeForgottenAndUnindexedWhenItEnds() {
        CallStore store = newStore();
        Instant ringDeadline = NOW.plusSeconds(60);
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), ringDeadline), NOW);

        double ringing = ringDeadline.toEpochMilli();
        assertThat(client.zscore(RedisCallStore.userCallsKey("alice"), "call-0001")).isEqualTo(ringing);
        assertThat(client.zscore(RedisCallStore.userCallsKey("bob"), "call-0001")).isEqualTo(ringing);
        assertThat(client.pttl(RedisCallStore.userCallsKey("bob"))).isPositive();

        store.answer("call-0001", 1);
        double answered = ringDeadline.plus(CallStore.ANSWERED_LIFETIME).toEpochMilli();
        assertThat(client.zscore(RedisCallStore.userCallsKey("alice"), "call-0001")).isEqualTo(answered);
        assertThat(client.zscore(RedisCallStore.userCallsKey("bob"), "call-0001")).isEqualTo(answered);

        store.end("call-0001", EndReason.HANGUP, new DeviceAddress("alice", 1), NOW);

        assertThat(client.exists(RedisCallStore.userCallsKey("alice"))).isFalse();
        assertThat(client.exists(RedisCallStore.userCallsKey("bob"))).isFalse();
    }

    @Test
    void anIndexedCallRedisForgotIsDroppedFromTheIndexWhenRead() {
        CallStore store = newStore();
        store.create(Call.ringing("call-0001", new DeviceAddress("alice", 1), "bob", Set.of(1), NOW.plusSeconds(60)), NOW);
        client.del(RedisCallStore.callKey("alice|bob", "call-0001"));

        assertThat(store.liveCallsOf("bob")).isEmpty();
        assertThat(client.zrange(RedisCallStore.userCallsKey("bob"), 0, -1)).isEmpty();
    }

    @Test
    void aUsersCallIndexCarriesTheUsersHashTag() {
        assertThat(RedisCallStore.userCallsKey("bob")).contains("{bob}");
    }
}
