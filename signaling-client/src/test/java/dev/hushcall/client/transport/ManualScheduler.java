package dev.hushcall.client.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time moves only when a test says so. */
public final class ManualScheduler implements Scheduler {

    private record Task(long at, Runnable run, boolean[] cancelled) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toMillis(), task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running every task that falls due, in order. */
    public void advance(Duration by) {
        long until;
        synchronized (this) {
            until = now + by.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.at() <= until).min(Comparator.comparingLong(Task::at)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.at();
            }
            if (!next.cancelled()[0]) {
                next.run().run();
            }
        }
    }
}
