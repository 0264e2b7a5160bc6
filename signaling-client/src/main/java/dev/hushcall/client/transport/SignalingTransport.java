package dev.hushcall.client.transport;

import dev.hushcall.protocol.ClientMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Carries client frames to the server. The call layer depends on this interface only, so tests can stand
 * in for the socket and an Android app can plug in its own WebSocket library.
 */
public interface SignalingTransport {

    /**
     * Sends a frame that the server answers. The future completes when the server acks it and fails with a
     * {@link dev.hushcall.client.HushcallException} carrying the server's code when it refuses it. Until
     * then the frame is kept and resent, with the same id, on every new connection.
     */
    CompletableFuture<Void> send(ClientMessage message);

    /** Tells the server a delivered frame was handled. Best effort: an ack lost with the socket is repeated
     * when the server redelivers the frame. */
    void acknowledge(String deliveredId);
}
