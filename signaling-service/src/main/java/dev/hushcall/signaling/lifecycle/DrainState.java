package dev.hushcall.signaling.lifecycle;

/**
 * A node's part in graceful shutdown.
 *
 * <pre>
 *   SERVING  → DRAINING   SIGTERM: readiness down, new sockets refused, clients told to reconnect elsewhere
 *   DRAINING → DRAINED    in-flight frames finished (or the drain timeout passed); the server may stop
 *   DRAINED  → SERVING    the application context is started again (Spring restarts paused contexts)
 * </pre>
 */
public enum DrainState {
    SERVING,
    DRAINING,
    DRAINED;

    public boolean canMoveTo(DrainState target) {
        return target.ordinal() == (ordinal() + 1) % values().length;
    }
}
