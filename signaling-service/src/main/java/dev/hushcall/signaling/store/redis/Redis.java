package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.metrics.MetricNames;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** Runs a Redis call and turns "Redis did not answer" into {@link Unavailable}, which clients see as {@code unavailable}. */
final class Redis {

    /** One timer per operation and outcome, looked up once: this runs for every Redis command. */
    private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

    private Redis() {
    }

    /**
     * Runs {@code command}, timed as {@code hushcall.redis.command{operation=what}}. {@code what} is one of a
     * fixed set of phrases written in this package ("creating a call"), never data.
     */
    static <T> T call(String what, Supplier<T> command) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T result = command.get();
            outcome = "ok";
            return result;
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            throw new Unavailable("Redis did not answer " + what, e);
        } catch (JedisException e) {
            if (isTransient(e)) {
                throw new Unavailable("Redis refused " + what + " for now", e);
            }
            throw e;
        } finally {
            TIMERS.computeIfAbsent(what + "\n" + outcome, key -> Metrics.globalRegistry.timer(MetricNames.REDIS_COMMAND,
                    MetricNames.TAG_OPERATION, what, MetricNames.TAG_OUTCOME, key.substring(what.length() + 1)))
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    static void run(String what, Runnable command) {
        call(what, () -> {
            command.run();
            return null;
        });
    }

    /**
     * Errors a Redis gives while it starts, fails over or loads its data, and every pooled connection being busy
     * for the whole borrow wait (the node is overloaded): retrying later will work.
     */
    static boolean isTransient(JedisException e) {
        if (e.getCause() instanceof NoSuchElementException) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return message.startsWith("LOADING") || message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN")
                || message.startsWith("CLUSTERDOWN") || message.startsWith("READONLY");
    }

    /** The hash tag that keeps one user's keys on one cluster slot. */
    static String tag(String user) {
        return "{" + user + "}";
    }
}
