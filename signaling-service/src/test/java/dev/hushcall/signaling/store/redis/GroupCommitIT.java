package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.RedisStall;
import dev.hushcall.signaling.testing.Settled;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The shared round trips, counted from redis-server's side: {@code total_reads_processed} counts the requests it read,
 * a pipeline read at once counting once, so it does not take this class's word for how many trips it made.
 */
class GroupCommitIT {

    /** Longer than any stall below: a request waits out the stalled trip instead of giving up. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    final FreshClient fresh = FreshClient.of(redis);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void whatThreadsAskWhileARoundTripIsOutGoesTogetherInTheNextOneAndEachReadsItsOwnReply() throws Exception {
        GroupCommit commit = new GroupCommit(fresh.open(), 1, PATIENT);
        UnifiedJedis admin = fresh.open();
        for (int i = 0; i < 50; i++) {
            admin.set("k" + i, "v" + i);
        }
        commit.send(pipeline -> pipeline.get("warm-up")::get);
        long before = readsProcessed(admin);

        CountDownLatch busyQueued = new CountDownLatch(1);
        Future<Object> busy = threads.submit(() -> commit.send(pipeline -> {
            busyQueued.countDown();
            return RedisStall.queue(pipeline, 500)::get;
        }));
        assertThat(busyQueued.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> reads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "k" + i;
            reads.add(threads.submit(() -> commit.send(pipeline -> pipeline.get(key)::get)));
        }
        Settled.answer(commit::waitingExchanges, waiting -> waiting < 50);
        assertThat(commit.waitingExchanges()).as("threads waiting while the busy trip is out").isEqualTo(50);

        assertThat(busy.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
        for (int i = 0; i < 50; i++) {
            assertThat(reads.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("v" + i);
        }
        // The busy trip, one trip for the fifty, and the INFO that reads the count.
        assertThat(readsProcessed(admin) - before).isEqualTo(3);
    }

    @Test
    void aRoundTripThatStaysOutCountsAsBacklogUntilItIsAnswered() throws Exception {
        GroupCommit commit = new GroupCommit(fresh.open(), 2, PATIENT);
        assertThat(commit.oldestWaitNanos()).isZero();

        Future<Object> busy = threads.submit(
                () -> commit.send(pipeline -> RedisStall.queue(pipeline, 400)::get));

        assertThat(Settled.answer(commit::oldestWaitNanos, nanos -> nanos < 100_000_000L))
                .as("the busy trip's wait, ns").isGreaterThanOrEqualTo(100_000_000L);
        busy.get(5, TimeUnit.SECONDS);
        assertThat(commit.oldestWaitNanos()).isZero();
    }

    @Test
    void aRequestNoRoundTripTakesWithinTheWaitGivesUpAndLeavesTheQueue() throws Exception {
        GroupCommit commit = new GroupCommit(fresh.open(), 1, Duration.ofMillis(100));
        CountDownLatch busyQueued = new CountDownLatch(1);
        Future<Object> busy = threads.submit(() -> commit.send(pipeline -> {
            busyQueued.countDown();
            return RedisStall.queue(pipeline, 600)::get;
        }));
        assertThat(busyQueued.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> commit.send(pipeline -> pipeline.get("late")::get))
                .isInstanceOf(JedisConnectionException.class).hasMessageContaining("within the timeout");
        assertThat(commit.waitingExchanges()).isZero();
        assertThat(busy.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
    }

    @Test
    void aCommandsErrorReachesOnlyTheThreadThatSentIt() throws Exception {
        GroupCommit commit = new GroupCommit(fresh.open(), 1, PATIENT);
        UnifiedJedis admin = fresh.open();
        admin.set("word", "hello");
        admin.set("number", "41");
        CountDownLatch busyQueued = new CountDownLatch(1);
        Future<Object> busy = threads.submit(() -> commit.send(pipeline -> {
            busyQueued.countDown();
            return RedisStall.queue(pipeline, 300)::get;
        }));
        assertThat(busyQueued.await(5, TimeUnit.SECONDS)).isTrue();
        Future<Long> wrong = threads.submit(() -> commit.send(pipeline -> pipeline.incr("word")::get));
        Future<Long> right = threads.submit(() -> commit.send(pipeline -> pipeline.incr("number")::get));
        Settled.answer(commit::waitingExchanges, waiting -> waiting < 2);
        busy.get(5, TimeUnit.SECONDS);

        assertThat(right.get(5, TimeUnit.SECONDS)).isEqualTo(42L);
        assertThatThrownBy(() -> wrong.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(JedisDataException.class);
    }

    @Test
    void aLaterWriteGoesAheadOfTheNextExchangeInTheSameRoundTrip() {
        GroupCommit commit = new GroupCommit(fresh.open(), 2);
        UnifiedJedis admin = fresh.open();
        commit.send(pipeline -> pipeline.get("warm-up")::get);
        long before = readsProcessed(admin);

        commit.later(setLater("acked", "yes"));
        String read = commit.send(pipeline -> pipeline.get("acked")::get);

        assertThat(read).isEqualTo("yes");
        // One trip for both, and the INFO.
        assertThat(readsProcessed(admin) - before).isEqualTo(2);
    }

    @Test
    void aLaterWriteWithNothingToGoWithIsSentByItself() throws InterruptedException {
        GroupCommit commit = new GroupCommit(fresh.open(), 2);
        UnifiedJedis admin = fresh.open();

        commit.later(setLater("marked", "done"));

        assertThat(Settled.answer(() -> admin.get("marked"), Objects::isNull)).isEqualTo("done");
    }

    @Test
    void aRedisThatDoesNotAnswerFailsTheThreadWaitingForIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (UnifiedJedis nowhere = new JedisPooled(new HostAndPort("127.0.0.1", closedPort),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).build())) {
            GroupCommit commit = new GroupCommit(nowhere, 2);

            assertThatThrownBy(() -> commit.send(pipeline -> pipeline.get("anything")::get))
                    .isInstanceOf(JedisConnectionException.class);
            assertThat(commit.waitingExchanges()).isZero();
        }
    }

    private static GroupCommit.Later setLater(String key, String value) {
        return new GroupCommit.Later("test writes", pipeline -> pipeline.set(key, value));
    }

    private static long readsProcessed(UnifiedJedis admin) {
        return admin.info("stats").lines().filter(line -> line.startsWith("total_reads_processed:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst()
                .orElseThrow();
    }
}
