package dev.hushcall.signaling.overload;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How long a task waits for a thread of the server's pool: on a Redis node what a frame waits before it is handled at
 * all. Past capacity that, not the store, is where the node falls behind: two cores shared with everything else run
 * the socket threads late, and frames queue for them. A probe is handed to the pool every {@link #EVERY}; the lag is
 * how long the last one waited to start, or how long the one still waiting has waited, whichever is longer.
 */
public final class PoolLag implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(10);

    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hushcall-pool-lag");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Executor pool;
    /** When the probe still waiting for a thread was handed over (ns), 0 when none waits. */
    private volatile long waitingSince;
    private volatile long lastLag;

    public PoolLag() {
        probes.scheduleWithFixedDelay(this::probe, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code pool} (the web server's, known once it has started). */
    public void watch(Executor pool) {
        this.pool = pool;
    }

    /** How far behind the pool is, in ns; 0 before it is known. */
    public long nanos() {
        long since = waitingSince;
        long waiting = since == 0 ? 0 : System.nanoTime() - since;
        return Math.max(lastLag, waiting);
    }

    private void probe() {
        Executor watched = pool;
        if (watched == null || waitingSince != 0) {
            return;
        }
        long handed = System.nanoTime();
        waitingSince = handed;
        try {
            watched.execute(() -> {
                lastLag = System.nanoTime() - handed;
                waitingSince = 0;
            });
        } catch (RejectedExecutionException e) {
            // A pool that refuses work is stopping, or full: the lag stands as measured until it takes the next one.
            waitingSince = 0;
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
