package dev.hushcall.signaling.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every Redis round trip of a node, shared: what the frame threads ask while a round trip is out goes together in the
 * next one, one pipeline, and each thread reads its own replies once that pipeline is synced.
 *
 * <p>A round trip, not a command, is what Redis costs here (docs/benchmarks.md: {@code redis-server} spends 17.6 µs on
 * a lone {@code SET} and 2.3 µs on one of 16 pipelined; the node a write, a poll, two reads and a thread wake-up per
 * trip). So a busier node sends fuller round trips instead of more of them.
 *
 * <p>No committer thread: the thread that asks leads. It queues its {@link Exchange}, and if fewer than {@code
 * inFlight} round trips are out it takes everything queued (its own exchange and whoever queued meanwhile, at most
 * {@link #MOST_PER_TRIP}), sends it as one pipeline ({@link UnifiedJedis#pipelined()}: one connection standalone or
 * under Sentinel, one per master touched on a cluster), syncs, and wakes each thread whose exchange went with it;
 * then wakes the thread at the head of the queue to lead the next trip. A thread that finds every round trip out
 * parks until its exchange is done or it is woken to lead. At low load every thread so leads its own trip, exactly as
 * without this class; under load one trip carries many.
 *
 * <p>{@link #later Later} writes (acknowledgements, done marks) never start a trip on their own: they go with the next
 * one, ahead of its exchanges, or after {@link #LINGER} in one of their own.
 */
public final class GroupCommit implements AutoCloseable {

    /** What one thread sends: queues its commands on the shared pipeline, returns how to read its result after. */
    @FunctionalInterface
    public interface Exchange<T> extends Function<AbstractPipeline, Supplier<T>> {
    }

    /**
     * A write nobody waits for.
     *
     * @param what  what it is and what its loss means, a fixed phrase ("acknowledgements (…)"): a failed round trip
     *              logs one warning counting its later writes by it, never their keys
     * @param queue queues its commands on the pipeline; their replies are not read
     */
    public record Later(String what, Consumer<AbstractPipeline> queue) {
    }

    /** Most exchanges in one round trip: past it a pipeline's replies are a few hundred KB. */
    static final int MOST_PER_TRIP = 256;
    /** How long a later write waits for a round trip to go with before it makes its own. */
    static final Duration LINGER = Duration.ofMillis(5);

    private static final class Waiting<T> {
        final Exchange<T> exchange;
        final Thread thread;
        final long queuedAt;
        volatile boolean done;
        Supplier<T> reply;
        RuntimeException failure;

        Waiting(Exchange<T> exchange, Thread thread, long queuedAt) {
            this.exchange = exchange;
            this.thread = thread;
            this.queuedAt = queuedAt;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /**
     * How a cluster pipeline's masters are synced: one after the other, on the leading thread. Left to itself, Jedis
     * starts a pool of three threads for every sync that touches more than one master and stops it after, which made
     * a node on a three-master cluster spend three times the CPU of one on a single Redis (docs/benchmarks.md,
     * "Redis Cluster"); a pool kept for the purpose would still cost a thread hand-off per master per trip.
     */
    private static final ExecutorService MASTERS_IN_TURN = new InlineExecutor();
    /** Sends later writes that found no round trip to go with; it only waits and leads, so one serves all instances. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hushcall-redis-later");
        thread.setDaemon(true);
        return thread;
    });

    private final UnifiedJedis redis;
    private final Supplier<AbstractPipeline> pipelines;
    private final Semaphore trips;
    private final long waitNanos;
    private final Queue<Waiting<?>> waiting = new ConcurrentLinkedQueue<>();
    private final Queue<Later> later = new ConcurrentLinkedQueue<>();
    /** Per round trip out, when its oldest exchange was queued (ns): at most {@code inFlight} entries. */
    private final Set<long[]> out = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong exchanges = new AtomicLong();

    /**
     * @param inFlight round trips out at once; more threads wait and go together in the next one
     * @param wait     the longest an exchange waits for a round trip to take it, like a connection pool's borrow
     *                 wait: past it the thread gives up ({@code hushcall.redis.timeout}), so a node past capacity
     *                 answers {@code unavailable} instead of queueing frames without end
     */
    public GroupCommit(UnifiedJedis redis, int inFlight, Duration wait) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one round trip must be allowed out");
        }
        this.redis = redis;
        this.pipelines = redis instanceof JedisCluster cluster ? () -> cluster.pipelined(MASTERS_IN_TURN) : redis::pipelined;
        this.trips = new Semaphore(inFlight);
        this.waitNanos = wait.toNanos();
    }

    /** With the service's default wait, 500 ms. */
    public GroupCommit(UnifiedJedis redis, int inFlight) {
        this(redis, inFlight, Duration.ofMillis(500));
    }

    /** Whether the client underneath is a cluster's: a script then reaches only the keys and channels of one slot. */
    boolean clustered() {
        return redis instanceof JedisCluster;
    }

    /** The client underneath, for what does not go through a pipeline (a script's first run by its source). */
    UnifiedJedis redis() {
        return redis;
    }

    /**
     * Sends {@code exchange} in the next round trip and returns what it reads from its replies. Connection failures
     * are thrown as Jedis throws them, to every thread whose exchange was in the trip; a command's own error is
     * thrown when its reply is read.
     */
    public <T> T send(Exchange<T> exchange) {
        Waiting<T> mine = new Waiting<>(exchange, Thread.currentThread(), System.nanoTime());
        waiting.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (trips.tryAcquire()) {
                try {
                    lead();
                } finally {
                    trips.release();
                }
                wakeNextLeader();
            } else {
                long left = mine.queuedAt + waitNanos - System.nanoTime();
                if (left <= 0 && waiting.remove(mine)) {
                    // No trip took it in time; one that took it already is answered within the read timeout.
                    throw new JedisConnectionException("no round trip to Redis took this request within the timeout");
                }
                LockSupport.parkNanos(this, Math.max(left, 1_000_000));
                // An interrupted thread would not park again: it waits for its round trip all the same, bounded as
                // above, and keeps its interrupt.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.reply.get();
    }

    /** One command in the next round trip: its reply. */
    public <T> T command(Function<AbstractPipeline, Response<T>> command) {
        return send(pipeline -> command.apply(pipeline)::get);
    }

    /** Commands whose replies nobody reads, in the next round trip; returns once it is back. */
    public void commands(Consumer<AbstractPipeline> commands) {
        send(pipeline -> {
            commands.accept(pipeline);
            return () -> null;
        });
    }

    /** Queues a write that goes with the next round trip, or in one of its own within {@link #LINGER}. */
    public void later(Later write) {
        later.add(write);
        if (flushScheduled.compareAndSet(false, true)) {
            FLUSHER.schedule(this::flushLater, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How long the oldest exchange not yet answered has waited, queued or in a round trip that is out, in ns; 0 when
     * none waits.
     */
    public long oldestWaitNanos() {
        long now = System.nanoTime();
        Waiting<?> head = waiting.peek();
        long oldest = head == null ? now : head.queuedAt;
        for (long[] trip : out) {
            oldest = Math.min(oldest, trip[0]);
        }
        return Math.max(0, now - oldest);
    }

    /** Exchanges waiting for a round trip now. */
    public int waitingExchanges() {
        return waiting.size();
    }

    /** Round trips sent so far. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** Exchanges sent so far (later writes not counted). */
    public long exchanges() {
        return exchanges.get();
    }

    private void flushLater() {
        // From here a new later write schedules the next flush; the trip below takes every one queued so far.
        flushScheduled.set(false);
        while (!later.isEmpty()) {
            try {
                send(pipeline -> () -> null);
            } catch (RuntimeException e) {
                // The trip that failed logged the writes it lost.
                return;
            }
        }
    }

    /** Sends one round trip: what is queued, at most {@link #MOST_PER_TRIP} exchanges, and the later writes. */
    private void lead() {
        List<Waiting<?>> batch = new ArrayList<>();
        for (Waiting<?> next; batch.size() < MOST_PER_TRIP && (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        List<Later> writes = new ArrayList<>();
        for (Later next; writes.size() < MOST_PER_TRIP && (next = later.poll()) != null; ) {
            writes.add(next);
        }
        if (batch.isEmpty() && writes.isEmpty()) {
            return;
        }
        long[] trip = {batch.isEmpty() ? System.nanoTime() : batch.get(0).queuedAt};
        out.add(trip);
        try (AbstractPipeline pipeline = pipelines.get()) {
            // Later writes first: one queued before a thread's exchange lands before it (an acknowledgement before the
            // reconnecting device's mailbox read).
            for (Later write : writes) {
                write.queue().accept(pipeline);
            }
            for (Waiting<?> each : batch) {
                queue(each, pipeline);
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            for (Waiting<?> each : batch) {
                if (each.failure == null) {
                    each.failure = e;
                }
            }
            if (!writes.isEmpty()) {
                Map<String, Long> lost = writes.stream().collect(Collectors.groupingBy(Later::what, TreeMap::new,
                        Collectors.counting()));
                log.warn("a round trip to Redis failed ({}); not written: {}", e.getClass().getSimpleName(), lost);
            }
        } finally {
            out.remove(trip);
            roundTrips.incrementAndGet();
            exchanges.addAndGet(batch.size());
            for (Waiting<?> each : batch) {
                each.done = true;
                LockSupport.unpark(each.thread);
            }
        }
    }

    private static <T> void queue(Waiting<T> waiting, AbstractPipeline pipeline) {
        try {
            waiting.reply = waiting.exchange.apply(pipeline);
        } catch (RuntimeException e) {
            waiting.failure = e;
        }
    }

    /**
     * After a trip, the thread at the head of the queue leads the next one. A thread that queued after this looks
     * finds a round trip free itself: it queued before trying, and this looks after releasing.
     */
    private void wakeNextLeader() {
        Waiting<?> head = waiting.peek();
        if (head != null) {
            LockSupport.unpark(head.thread);
        }
    }

    /** Runs each task on the thread that hands it over. */
    private static final class InlineExecutor extends AbstractExecutorService {

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    /** Writes what is still queued for later. */
    @Override
    public void close() {
        flushLater();
    }
}
