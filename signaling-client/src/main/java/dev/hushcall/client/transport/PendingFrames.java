package dev.hushcall.client.transport;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Client frames sent but not yet answered, in send order: what a new connection resends, with the same
 * ids, so the server can drop the ones it already routed. Each frame fails on its own once its ack timeout
 * passes, connected or not.
 */
final class PendingFrames {

    private record Pending(String text, CompletableFuture<ServerMessage> answered, Scheduler.Cancellable timeout) {
    }

    private final Map<String, Pending> frames = new LinkedHashMap<>();
    private final Scheduler scheduler;
    private final Duration ackTimeout;

    PendingFrames(Scheduler scheduler, Duration ackTimeout) {
        this.scheduler = scheduler;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Keeps a frame until it is answered; a second frame with an id already pending shares its future. The future
     * completes with the server's answer: {@code ack}, or the frame that answers in its place.
     */
    synchronized CompletableFuture<ServerMessage> add(String id, String text) {
        Pending existing = frames.get(id);
        if (existing != null) {
            return existing.answered();
        }
        CompletableFuture<ServerMessage> answered = new CompletableFuture<>();
        Scheduler.Cancellable timeout = scheduler.schedule(ackTimeout, () -> fail(id,
                new HushcallException(ErrorCode.UNAVAILABLE, "no answer to frame " + id + " within " + ackTimeout)));
        frames.put(id, new Pending(text, answered, timeout));
        return answered;
    }

    void answered(String id, ServerMessage answer) {
        Pending pending = remove(id);
        if (pending != null) {
            pending.answered().complete(answer);
        }
    }

    void fail(String id, Throwable error) {
        Pending pending = remove(id);
        if (pending != null) {
            pending.answered().completeExceptionally(error);
        }
    }

    void failAll(Throwable error) {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(frames.keySet());
        }
        ids.forEach(id -> fail(id, error));
    }

    /** The frames to resend on a new connection, oldest first. */
    synchronized List<String> texts() {
        return frames.values().stream().map(Pending::text).toList();
    }

    synchronized int size() {
        return frames.size();
    }

    private synchronized Pending remove(String id) {
        Pending pending = frames.remove(id);
        if (pending != null) {
            pending.timeout().cancel();
        }
        return pending;
    }
}
