package dev.hushcall.client.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Socket timing.
 *
 * @param connectTimeout  how long opening one socket may take
 * @param ackTimeout      how long a frame may wait for its ack, across reconnects, before its future fails
 * @param pingInterval    how often an idle socket sends {@code ping}; an unanswered ping drops the socket
 * @param reconnectMin    first reconnect delay; it doubles per failed attempt
 * @param reconnectMax    cap of the reconnect delay
 */
public record TransportConfig(Duration connectTimeout, Duration ackTimeout, Duration pingInterval,
                              Duration reconnectMin, Duration reconnectMax) {

    public static final TransportConfig DEFAULT = new TransportConfig(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(25), Duration.ofMillis(500), Duration.ofSeconds(30));

    public TransportConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (reconnectMin.isNegative() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("need 0 <= reconnectMin <= reconnectMax");
        }
    }
}
