package dev.hushcall.client.transport;

import dev.hushcall.protocol.ServerMessage;

/** What a {@link WebSocketTransport} reports upward. Delivered frames arrive one at a time, in order. */
public interface ConnectionListener {

    void onDelivered(ServerMessage.Delivered frame);

    default void onConnected() {
    }

    default void onDisconnected() {
    }

    /** A problem not tied to one frame: a ticket that could not be fetched, an unreadable server frame. */
    default void onError(Throwable error) {
    }
}
