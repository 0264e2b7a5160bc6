package dev.hushcall.signaling.store.redis;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallProperties;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;

/**
 * Calls in Redis. A call involves two users, so its keys carry the hash tag of the user <em>pair</em>: the
 * glare check and the first-answer claim then run as one Lua script on one slot. Because clients address a
 * call by id alone, {@code callpair:{callId}} maps an id to its pair; it is written once (SET NX, which also
 * makes call ids unique) and cached.
 *
 * <pre>
 * call:{a|b}:&lt;callId&gt;  hash    the call's state (no payload, ever)  TTL ring lifetime + retention; 12 h once answered; retention once ended
 * calls:{a|b}           set     live call ids of the pair (glare)      TTL ring lifetime + retention
 * callpair:{&lt;callId&gt;}   string  "a|b"                                  TTL as the call while ringing, then 12 h
 * ringing:{r&lt;0-15&gt;}     zset    callId by ring deadline (timeouts),    members removed when answered or ended
 *                               sharded by call id (16 slots)
 * livecalls:{user}      zset    live call ids of the user, either side, TTL 12 h + ring lifetime, renewed per call
 *                               by when each is forgotten (ms): its ring deadline, + 12 h once answered
 * </pre>
 * {@code livecalls} is what a device revocation looks through and what an offer's admission counts against the cap on
 * a user's live calls ({@link RedisRingingCalls}, in the same script as the caller's buckets); it is written in the
 * pipelines that create, answer and end a call, so it costs no round trip, and an id left by a call that expired
 * unended stops counting at its score and is dropped when next read.
 * A call that stops ringing (answered, ended, lost glare) also leaves its users' ringing sets ({@link
 * RedisRingingCalls}) in the pipeline that changes it.
 */
public class RedisCallStore implements CallStore {

    /** Shards of the ring index: its writes (every create, answer and end) spread over as many cluster slots. */
    static final int RING_SHARDS = 16;
    /** The unsharded ring index of nodes from before the shards: swept, never written, until it is empty. */
    static final String LEGACY_RING_INDEX = "ringing";
    /** Ring-index entries the sweep reads per shard per pass. */
    private static final int DUE_PER_SHARD = 256;
    private static final int PAIR_CACHE_LIMIT = 100_000;
    /** Creates that find the pair's live calls changed since they read them, in a row, before giving up. */
    private static final int CREATE_ATTEMPTS = 5;

    private final GroupCommit commit;
    private final CallProperties properties;
    private final LuaScript create = LuaScript.load("call-create");
    private final LuaScript answer = LuaScript.load("call-answer");
    private final LuaScript end = LuaScript.load("call-end");
    private final LuaScript stopRinging = LuaScript.load("call-stop-ringing");
    private final Map<String, String> pairs = new ConcurrentHashMap<>();

    public RedisCallStore(GroupCommit commit, CallProperties properties) {
        this.commit = commit;
        this.properties = properties;
    }

    // Every key of the store is named here.
    static String callKey(String pair, String callId) {
        return callKeyPrefix(pair) + callId;
    }

    static String callKeyPrefix(String pair) {
        return "call:{" + pair + "}:";
    }

    static String liveKey(String pair) {
        return "calls:{" + pair + "}";
    }

    static String pairKey(String callId) {
        return "callpair:{" + callId + "}";
    }

    /** The ring-index shard of a call: by its id, the same on every node. */
    static String ringIndexKey(String callId) {
        return ringIndexShard(Math.floorMod(callId.hashCode(), RING_SHARDS));
    }

    static String ringIndexShard(int shard) {
        return "ringing:{r" + shard + "}";
    }

    static String userCallsKey(String user) {
        return "livecalls:" + Redis.tag(user);
    }

    /** The two users of a pair key: user ids never hold '|' ({@code auth.UserIds}). */
    private static List<String> usersOf(String pair) {
        int bar = pair.indexOf('|');
        return List.of(pair.substring(0, bar), pair.substring(bar + 1));
    }

    private void indexLive(AbstractPipeline pipeline, String pair, Call call) {
        long ttl = ANSWERED_LIFETIME.plus(properties.ringLifetime()).toMillis();
        for (String user : usersOf(pair)) {
            pipeline.zadd(userCallsKey(user), call.ringDeadline().toEpochMilli(), call.callId());
            pipeline.pexpire(userCallsKey(user), ttl);
        }
    }

    /** Counts an answered call until its longer deadline; a call no longer counted (it ended, it expired) stays out. */
    private static void renewLive(AbstractPipeline pipeline, Call call) {
        double until = call.ringDeadline().plus(ANSWERED_LIFETIME).toEpochMilli();
        for (String user : List.of(call.caller().user(), call.callee())) {
            pipeline.zadd(userCallsKey(user), until, call.callId(), ZAddParams.zAddParams().xx());
        }
    }

    private static void unindexLive(AbstractPipeline pipeline, String pair, String callId) {
        for (String user : usersOf(pair)) {
            pipeline.zrem(userCallsKey(user), callId);
        }
    }

    /** A new call id claimed (false: it exists already), and the ids of the pair's live calls. */
    private record IdClaim(boolean claimed, Set<String> pairsLiveCalls) {
    }

    @Override
    public Created create(Call call, Instant now) {
        String pair = call.pairKey();
        long ringingTtl = properties.ringLifetime().plus(properties.endedRetention()).toMillis();
        return Redis.call("creating a call", () -> {
            // The id's pair is claimed, and the pair's live calls read for the glare check, in one round trip.
            IdClaim id = commit.send(pipeline -> {
                Response<String> claimed = pipeline.set(pairKey(call.callId()), pair,
                        SetParams.setParams().nx().px(ringingTtl));
                Response<Set<String>> live = pipeline.smembers(liveKey(pair));
                return () -> new IdClaim(claimed.get() != null, live.get());
            });
            if (!id.claimed()) {
                return new Created.Exists();
            }
            pairs.put(call.callId(), pair);
            List<?> result = createRinging(call, pair, id.pairsLiveCalls(), now, ringingTtl);
            String outcome = (String) result.get(0);
            if (outcome.equals("lost")) {
                unlist(pair, call.callId());
                Call winner = find((String) result.get(1)).orElseThrow();
                return new Created.LostGlare(call.ended(EndReason.GLARE, null, now), winner);
            }
            Optional<Call> loser = Optional.empty();
            if (outcome.equals("won")) {
                Call before = decode((List<?>) result.get(1));
                unlist(pair, before.callId());
                loser = Optional.of(before);
            }
            return new Created.Ringing(call, loser);
        });
    }

    /**
     * Runs lua/call-create.lua given the pair's live calls as last read; when they changed meanwhile (a call of the
     * pair began or ended), reads them again and retries. Two slots (the pair's, the ring index's), so one pipeline
     * rather than one script. The id goes into the ring index whatever glare decides: a call that lost leaves it again,
     * and until then the timeout sweep would find it ended and drop it from the index.
     */
    private List<?> createRinging(Call call, String pair, Set<String> live, Instant now, long ringingTtl) {
        Set<String> known = live;
        for (int attempt = 1; ; attempt++) {
            List<String> keys = new ArrayList<>(2 + known.size());
            keys.add(callKey(pair, call.callId()));
            keys.add(liveKey(pair));
            known.forEach(id -> keys.add(callKey(pair, id)));
            List<?> result = commit.send(pipeline -> {
                LuaScript.Queued created = create.queue(pipeline, keys,
                        List.of(call.callId(), call.caller().user(), Integer.toString(call.caller().deviceId()),
                                call.callee(), call.ringing().stream().map(String::valueOf).collect(Collectors.joining(",")),
                                Long.toString(call.ringDeadline().toEpochMilli()), Long.toString(now.toEpochMilli()),
                                Long.toString(ringingTtl), Long.toString(properties.endedRetention().toMillis()),
                                callKeyPrefix(pair)));
                pipeline.zadd(ringIndexKey(call.callId()), call.ringDeadline().toEpochMilli(), call.callId());
                indexLive(pipeline, pair, call);
                return () -> (List<?>) created.get(commit);
            });
            if (!"retry".equals(result.get(0))) {
                return result;
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new Unavailable("the calls between two users kept changing while a call was created", null);
            }
            known = commit.command(pipeline -> pipeline.smembers(liveKey(pair)));
        }
    }

    @Override
    public Optional<Call> find(String callId) {
        return Redis.call("reading a call", () -> pairOf(callId)
                .flatMap(pair -> decodeIfAny(commit.command(pipeline -> pipeline.hgetAll(callKey(pair, callId))))));
    }

    @Override
    public Optional<Claim> answer(String callId, int deviceId) {
        return Redis.call("answering a call", () -> pairOf(callId).flatMap(pair -> {
            List<?> result = (List<?>) answer.run(commit, List.of(callKey(pair, callId)),
                    List.of(Integer.toString(deviceId), Long.toString(ANSWERED_LIFETIME.toMillis())));
            if (result == null) {
                return Optional.empty();
            }
            boolean won = ((Long) result.get(0)) == 1L;
            Call call = decode((List<?>) result.get(1));
            if (won) {
                // Other slots (the ring index, the id's pair, the users' ringing sets and live calls), so one pipeline
                // rather than one script.
                commit.commands(pipeline -> {
                    pipeline.zrem(ringIndexKey(callId), callId);
                    pipeline.pexpire(pairKey(callId), ANSWERED_LIFETIME.toMillis());
                    pipeline.zrem(RedisRingingCalls.key(call.caller().user(), RingingCalls.Side.CALLER), callId);
                    pipeline.zrem(RedisRingingCalls.key(call.callee(), RingingCalls.Side.CALLEE), callId);
                    renewLive(pipeline, call);
                });
            }
            return Optional.of(new Claim(call, won));
        }));
    }

    @Override
    public Optional<Call> end(String callId, EndReason reason, DeviceAddress by, Instant now) {
        return Redis.call("ending a call", () -> pairOf(callId).flatMap(pair -> {
            // The ring index in the same pipeline: removing an id that is not there (the call was answered, ended
            // already or never existed) changes nothing.
            List<?> before = commit.send(pipeline -> {
                LuaScript.Queued ended = end.queue(pipeline, List.of(callKey(pair, callId), liveKey(pair)), List.of(
                        reason.name(), by == null ? "" : by.user(), by == null ? "0" : Integer.toString(by.deviceId()),
                        Long.toString(now.toEpochMilli()), Long.toString(properties.endedRetention().toMillis())));
                pipeline.zrem(ringIndexKey(callId), callId);
                unindexLive(pipeline, pair, callId);
                RedisRingingCalls.unlist(pipeline, usersOf(pair), callId);
                return () -> (List<?>) ended.get(commit);
            });
            return before == null ? Optional.<Call>empty() : Optional.of(decode(before));
        }));
    }

    /** Takes an ended call out of the ring index, its users' live calls and their ringing sets, in one round trip. */
    private void unlist(String pair, String callId) {
        commit.commands(pipeline -> {
            pipeline.zrem(ringIndexKey(callId), callId);
            unindexLive(pipeline, pair, callId);
            RedisRingingCalls.unlist(pipeline, usersOf(pair), callId);
        });
    }

    @Override
    public List<Call> liveCallsOf(String user) {
        return Redis.call("listing a user's calls", () -> {
            List<Call> live = new ArrayList<>();
            for (String callId : commit.command(pipeline -> pipeline.zrange(userCallsKey(user), 0, -1))) {
                find(callId).filter(c -> c.state().isLive()).ifPresentOrElse(live::add,
                        () -> commit.command(pipeline -> pipeline.zrem(userCallsKey(user), callId)));
            }
            return live;
        });
    }

    @Override
    public Optional<Call> stopRinging(String callId, int deviceId) {
        return Redis.call("taking a device out of a call", () -> pairOf(callId).flatMap(pair -> {
            List<?> after = (List<?>) stopRinging.run(commit, List.of(callKey(pair, callId)),
                    List.of(Integer.toString(deviceId)));
            return after == null ? Optional.<Call>empty() : Optional.of(decode(after));
        }));
    }

    /** Every shard (and the index of older nodes) in one pipelined round trip: one per master on a cluster. */
    @Override
    public List<Call> ringingUntil(Instant now) {
        return Redis.call("listing due calls", () -> {
            Map<String, String> dueIn = commit.send(pipeline -> {
                Map<String, Response<List<String>>> shards = new LinkedHashMap<>();
                for (int shard = 0; shard < RING_SHARDS; shard++) {
                    shards.put(ringIndexShard(shard),
                            pipeline.zrangeByScore(ringIndexShard(shard), 0, now.toEpochMilli(), 0, DUE_PER_SHARD));
                }
                shards.put(LEGACY_RING_INDEX,
                        pipeline.zrangeByScore(LEGACY_RING_INDEX, 0, now.toEpochMilli(), 0, DUE_PER_SHARD));
                return () -> {
                    Map<String, String> due = new LinkedHashMap<>();
                    shards.forEach((index, ids) -> ids.get().forEach(id -> due.put(id, index)));
                    return due;
                };
            });
            List<Call> calls = new ArrayList<>();
            dueIn.forEach((callId, index) -> find(callId).filter(c -> c.state() == CallState.RINGING)
                    .ifPresentOrElse(calls::add, () -> commit.command(pipeline -> pipeline.zrem(index, callId))));
            return calls;
        });
    }

    /** Redis forgets ended calls by itself: their keys expire after the retention. */
    @Override
    public void forgetEndedBefore(Instant horizon) {
        if (pairs.size() > PAIR_CACHE_LIMIT) {
            pairs.clear();
        }
    }

    /** Redis forgets answered calls by itself: their keys expire, their ids stop counting at their scores. */
    @Override
    public void forgetAnsweredBefore(Instant horizon) {
    }

    /** The pair of a call this node created or read before, without asking Redis. */
    Optional<String> knownPair(String callId) {
        return Optional.ofNullable(pairs.get(callId));
    }

    private Optional<String> pairOf(String callId) {
        String cached = pairs.get(callId);
        if (cached != null) {
            return Optional.of(cached);
        }
        String pair = commit.command(pipeline -> pipeline.get(pairKey(callId)));
        if (pair != null) {
            pairs.put(callId, pair);
        }
        return Optional.ofNullable(pair);
    }

    private static Call decode(List<?> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return decode(fields);
    }

    /** The call in a hash as HGETALL returns it: empty when there was no such key. */
    static Optional<Call> decodeIfAny(Map<String, String> fields) {
        return fields.isEmpty() ? Optional.empty() : Optional.of(decode(fields));
    }

    static Call decode(Map<String, String> f) {
        Set<Integer> ringing = f.get("ringing").isEmpty() ? Set.of()
                : Arrays.stream(f.get("ringing").split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        String endedByUser = f.get("endedByUser");
        return new Call(f.get("callId"), new DeviceAddress(f.get("callerUser"), Integer.parseInt(f.get("callerDevice"))),
                f.get("callee"), new TreeSet<>(ringing), CallState.valueOf(f.get("state")),
                Integer.parseInt(f.get("answeredBy")),
                f.containsKey("endReason") ? EndReason.valueOf(f.get("endReason")) : null,
                endedByUser == null ? null : new DeviceAddress(endedByUser, Integer.parseInt(f.get("endedByDevice"))),
                Instant.ofEpochMilli(Long.parseLong(f.get("ringDeadline"))),
                f.containsKey("endedAt") ? Instant.ofEpochMilli(Long.parseLong(f.get("endedAt"))) : null);
    }
}
