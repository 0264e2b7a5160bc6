package dev.hushcall.client.ice;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * How an {@link IceSession} gathers and connects.
 *
 * @param relayOnly      offer only TURN relay candidates and accept only the peer's, like WebRTC's
 *                       {@code iceTransportPolicy: "relay"}: neither side learns the other's IP addresses
 * @param hostAddresses  bind host candidates on exactly these addresses (loopback allowed); empty: ice4j's own
 *                       host harvesting over every usable interface, which skips loopback
 * @param connectTimeout how long connectivity checks may take before the session fails
 */
public record IceOptions(boolean relayOnly, List<InetAddress> hostAddresses, Duration connectTimeout) {

    public IceOptions {
        hostAddresses = List.copyOf(hostAddresses);
    }

    /** Host, server-reflexive and relay candidates on every usable interface; 15 s to connect. */
    public static IceOptions defaults() {
        return new IceOptions(false, List.of(), Duration.ofSeconds(15));
    }

    public IceOptions withRelayOnly(boolean relayOnly) {
        return new IceOptions(relayOnly, hostAddresses, connectTimeout);
    }

    public IceOptions withHostAddresses(InetAddress... addresses) {
        return new IceOptions(relayOnly, List.of(addresses), connectTimeout);
    }

    public IceOptions withConnectTimeout(Duration timeout) {
        return new IceOptions(relayOnly, hostAddresses, timeout);
    }
}
