package dev.hushcall.client.transport;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs tasks later. Injected so tests step time by hand instead of sleeping. */
public interface Scheduler {

    /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** A scheduler on one daemon thread; shut the returned service down to stop it. */
    static ScheduledExecutorService daemonService() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hushcall-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A scheduler running on {@code service}. */
    static Scheduler on(ScheduledExecutorService service) {
        return (delay, task) -> {
            ScheduledFuture<?> future = service.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
