package dev.hushcall.client.transport;

/**
 * The socket's life. Transitions:
 * <pre>
 * IDLE -> CONNECTING                 connect()
 * CONNECTING -> OPEN                 the socket opened
 * CONNECTING | OPEN -> WAITING       ticket, handshake or socket failed; a reconnect is scheduled
 * WAITING -> CONNECTING              the backoff delay passed
 * any -> CLOSED                      close(): final, nothing reconnects
 * </pre>
 */
public enum ConnectionState {
    IDLE, CONNECTING, OPEN, WAITING, CLOSED
}
