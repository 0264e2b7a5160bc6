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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * turn-config/turnserver.prod.conf.template as shipped, started with loopback listening and relay addresses: a
 * client holding valid credentials cannot make coturn relay into loopback, private, link-local or metadata
 * addresses, in IPv4, IPv6 or IPv4-mapped IPv6 form. CreatePermission is sent by {@link TurnAllocator} (ice4j's
 * STUN stack, one request each, never retried); a public address is the control that shows the
 * 403s come from the deny list, not from a broken allocation. CreatePermission sends nothing to the peer.
 */
class ProductionTemplateIT {

    static final String SECRET = "hushcall-prod-template-secret-0123456789ab";

    @RegisterExtension
    static final Coturn coturn = Coturn.production(SECRET);

    /** IPv6 relays are asked for over IPv6 (::1), IPv4 ones over 127.0.0.1. */
    static CoturnCountingProxy proxy(char family) throws Exception {
        return family == RequestedAddressFamilyAttribute.IPv6 ? coturn.countingProxy6() : coturn.countingProxy();
    }

    static TurnAllocator allocated(char family) throws Exception {
        TurnProperties properties = new TurnProperties(List.of(new Secret(SECRET)), Duration.ofHours(1),
                List.of(URI.create(coturn.uri())), null);
        TurnCredentials credentials = new TurnCredentialIssuer(properties, Clock.systemUTC()).issue("mallory");
        TurnAllocator turn = new TurnAllocator(proxy(family).address(), credentials.username(),
                credentials.password(), Duration.ofSeconds(2));
        TurnAllocator.Reply allocation = turn.allocate(family);
        assertThat(allocation.ok()).as("allocation: " + allocation + "; coturn log " + coturn.logLines("ERROR"))
                .isTrue();
        return turn;
    }

    static TurnAllocator.Reply permission(char family, String peer) throws Exception {
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

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "172.16.0.1",
            "100.64.0.1", "0.0.0.0"})
    void anIpv4RelayRefusesPermissionToInternalAddressesWith403(String peer) throws Exception {
        assertThat(permission(RequestedAddressFamilyAttribute.IPv4, peer).code()).as(peer).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::",
            "fd00:ec2::254", "fe80::1", "64:ff9b::a00:1"})
    void anIpv6RelayRefusesPermissionToLoopbackMappedAndLocalAddressesWith403(String peer) throws Exception {
        assertThat(permission(RequestedAddressFamilyAttribute.IPv6, peer).code()).as(peer).isEqualTo(403);
    }

    /** Public addresses outside every denied range (the documentation nets are denied too); nothing is sent there. */
    @Test
    void aPublicAddressIsPermittedSoThe403sComeFromTheDenyList() throws Exception {
        assertThat(permission(RequestedAddressFamilyAttribute.IPv4, "1.1.1.1").ok()).isTrue();
        assertThat(permission(RequestedAddressFamilyAttribute.IPv6, "2606:4700:4700::1111").ok()).isTrue();
    }
}
