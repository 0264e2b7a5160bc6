package dev.hushcall.signaling.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful drain on SIGTERM. Runs before the web server stops (highest lifecycle phase): readiness goes
 * down, new sockets are refused, every socket is closed with 1012 (Service Restart) so clients reconnect to
 * another node and resume from their mailboxes, and frames being handled are allowed to finish.
 */
@Component
public class Drain implements SmartLifecycle {

    /** Close code asking a client to reconnect, to another node (RFC 6455 1012 "Service Restart"). */
    public static final int CLOSE_RECONNECT = 1012;

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    /** Something holding sockets that the drain asks to close. */
    public interface SocketHolder {
        void closeAll(int code, String reason);
    }

    private final AtomicReference<DrainState> state = new AtomicReference<>(DrainState.SERVING);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ApplicationEventPublisher events;
    private final LifecycleProperties properties;
    private final SocketHolder sockets;
    private volatile boolean running;

    Drain(ApplicationEventPublisher events, LifecycleProperties properties, SocketHolder sockets) {
        this.events = events;
        this.properties = properties;
        this.sockets = sockets;
    }

    public DrainState state() {
        return state.get();
    }

    public boolean isServing() {
        return state.get() == DrainState.SERVING;
    }

    /** Marks a frame as being handled, so the drain waits for it. */
    public void enter() {
        inFlight.incrementAndGet();
    }

    public void exit() {
        inFlight.decrementAndGet();
    }

    @Override
    public void start() {
        if (state.get() == DrainState.DRAINED) {
            move(DrainState.SERVING);
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void stop() {
        move(DrainState.DRAINING);
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        sleep(properties.drainDelay());
        sockets.closeAll(CLOSE_RECONNECT, "node draining; reconnect");
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(10));
        }
        if (inFlight.get() > 0) {
            log.warn("drain timeout: {} frame(s) still being handled", inFlight.get());
        }
        move(DrainState.DRAINED);
        running = false;
    }

    private void move(DrainState target) {
        DrainState from = state.get();
        if (!from.canMoveTo(target) || !state.compareAndSet(from, target)) {
            throw new IllegalStateException("drain cannot move from " + from + " to " + target);
        }
        log.info("drain: {} -> {}", from, target);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
