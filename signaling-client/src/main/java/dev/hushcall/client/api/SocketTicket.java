package dev.hushcall.client.api;

/** A single-use ticket that opens one WebSocket. */
public record SocketTicket(String ticket, int expiresInSeconds) {

    @Override
    public String toString() {
        return "SocketTicket[expiresInSeconds=" + expiresInSeconds + "]";
    }
}
