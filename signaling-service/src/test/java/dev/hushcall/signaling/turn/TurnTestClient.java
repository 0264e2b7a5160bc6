package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.CoturnCountingProxy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;

/**
 * A client holding valid credentials for a real coturn, asking it for relays and permissions through a counting
 * proxy ({@link TurnAllocator}: one request each, never retried). IPv6 relays are asked for over ::1, IPv4 ones
 * over 127.0.0.1. CreatePermission sends nothing to the peer, so any address can be asked for.
 */
record TurnTestClient(Coturn coturn, String secret) {

    CoturnCountingProxy proxy(char family) throws Exception {
        return family == RequestedAddressFamilyAttribute.IPv6 ? coturn.countingProxy6() : coturn.countingProxy();
    }

    /** A client with fresh credentials, not yet allocated. */
    TurnAllocator client(char family) throws Exception {
        TurnProperties properties = new TurnProperties(List.of(new Secret(secret)), Duration.ofHours(1),
                List.of(URI.create(coturn.uri())), null);
        TurnCredentials credentials = new TurnCredentialIssuer(properties, Clock.systemUTC()).issue("mallory");
        return new TurnAllocator(proxy(family).address(), credentials.username(), credentials.password(),
                Duration.ofSeconds(2));
    }

    /** A client holding a relay of {@code family}; fails the test when coturn refuses it. */
    TurnAllocator allocated(char family) throws Exception {
        TurnAllocator turn = client(family);
        TurnAllocator.Reply allocation = turn.allocate(family);
        assertThat(allocation.ok()).as("allocation: " + allocation + "; coturn log " + coturn.logLines("ERROR"))
                .isTrue();
        return turn;
    }

    /** coturn's answer to one CreatePermission for {@code peer} on a fresh relay of {@code family}. */
    TurnAllocator.Reply permission(char family, String peer) throws Exception {
        try (TurnAllocator turn = allocated(family)) {
            proxy(family).reset();
            TurnAllocator.Reply reply = turn.createPermission(new InetSocketAddress(literal(peer), 5000));
            Thread.sleep(300);
            assertThat(proxy(family).requests(CoturnCountingProxy.CREATE_PERMISSION))
                    .as("CreatePermission requests that reached coturn").isEqualTo(1);
            turn.release();
            return reply;
        }
    }

    /** The relayed address coturn reports for a new allocation of {@code family} (freed again). */
    TurnAllocator.Reply relay(char family) throws Exception {
        try (TurnAllocator turn = client(family)) {
            TurnAllocator.Reply reply = turn.allocate(family);
            if (reply.ok()) {
                turn.release();
            }
            return reply;
        }
    }

    /** Java turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form, which is the one under test. */
    static InetAddress literal(String peer) throws Exception {
        InetAddress address = InetAddress.getByName(peer);
        if (peer.contains(":") && address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
            return Inet6Address.getByAddress(null, mapped, -1);
        }
        return address;
    }
}
