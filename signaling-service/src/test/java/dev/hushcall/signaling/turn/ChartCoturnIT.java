package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hushcall.signaling.testing.Coturn;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart's coturn: its rendered config, completed by its init container's script for a pod whose
 * addresses are 127.0.0.1, ::1 and this machine's own IPv4 address (standing in for a pod IP such as 10.1.2.3),
 * run by the real coturn. With an external IP the pod's own address and every private range still get 403 (the
 * mapped external-ip=<public>/<pod IP> form the chart used to write allow-listed the pod's address, ahead of the
 * deny list), and the relay is in the external IP's family only; without one each family relays as itself.
 */
class ChartCoturnIT {

    static final String SECRET = "hushcall-chart-coturn-secret-0123456789abcdef";
    static final String EXTERNAL_IP = "198.51.100.50";
    static final char IPV4 = RequestedAddressFamilyAttribute.IPv4;
    static final char IPV6 = RequestedAddressFamilyAttribute.IPv6;
    static final InetAddress MACHINE = machineAddress();

    @RegisterExtension
    static final Coturn behindNat = Coturn.chart(SECRET, podIps(), "coturn.externalIp=" + EXTERNAL_IP);

    @RegisterExtension
    static final Coturn ownAddresses = Coturn.chart(SECRET, podIps());

    static final TurnTestClient natClient = new TurnTestClient(behindNat, SECRET);
    static final TurnTestClient ownClient = new TurnTestClient(ownAddresses, SECRET);

    static InetAddress machineAddress() {
        try {
            return Coturn.machineAddress4();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static List<String> podIps() {
        return MACHINE == null ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1", "::1", MACHINE.getHostAddress());
    }

    /**
     * The pod's own, non-loopback address: coturn's built-in loopback refusal hides the allow-listing on 127.0.0.1,
     * so this is the address that shows it. Pod addresses are private; a machine with only a public one skips.
     */
    @Test
    void behindAnExternalIpThePodsOwnNonLoopbackAddressGets403() throws Exception {
        assumeTrue(MACHINE != null && (MACHINE.isSiteLocalAddress() || MACHINE.getHostAddress().startsWith("192.0.2.")
                || MACHINE.getHostAddress().startsWith("100.")), "no private non-loopback IPv4 address here: " + MACHINE);

        assertThat(natClient.permission(IPV4, MACHINE.getHostAddress()).code()).isEqualTo(403);
    }

    @Test
    void theRenderedConfigUsesThePlainExternalIpAndThePodsAddresses() throws Exception {
        assertThat(behindNat.config().lines()).contains("external-ip=" + EXTERNAL_IP, "listening-ip=127.0.0.1",
                "listening-ip=::1", "relay-ip=127.0.0.1").doesNotContain("relay-ip=::1");
        assertThat(ownAddresses.config().lines()).contains("relay-ip=127.0.0.1", "relay-ip=::1")
                .noneMatch(line -> line.startsWith("external-ip="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254",
            "0.0.0.1", "192.0.0.1", "198.18.0.1", "224.0.0.1", "240.0.0.1"})
    void behindAnExternalIpThePodsOwnAddressAndEveryPrivateRangeGet403(String peer) throws Exception {
        assertThat(natClient.permission(IPV4, peer).code()).as(peer).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "fd00::1", "fe80::1", "64:ff9b::a00:1",
            "2002:a00:1::1", "ff02::1"})
    void anIpv6RelayRefusesThePodsOwnAddressAndLocalRangesWith403(String peer) throws Exception {
        assertThat(ownClient.permission(IPV6, peer).code()).as(peer).isEqualTo(403);
    }

    @Test
    void aPublicPeerIsPermittedSoThe403sComeFromTheDenyList() throws Exception {
        assertThat(natClient.permission(IPV4, "1.1.1.1").ok()).isTrue();
        assertThat(ownClient.permission(IPV6, "2606:4700:4700::1111").ok()).isTrue();
    }

    @Test
    void behindAnIpv4ExternalIpAnIpv4RelayAdvertisesItAndAnIpv6RelayIsRefusedRatherThanMislabelled() throws Exception {
        TurnAllocator.Reply v4 = natClient.relay(IPV4);
        assertThat(v4.ok()).as(v4.toString()).isTrue();
        assertThat(v4.relayed().getAddress()).isEqualTo(InetAddress.getByName(EXTERNAL_IP));

        TurnAllocator.Reply v6 = natClient.relay(IPV6);
        assertThat(v6.ok()).as("an IPv6 relay behind an IPv4 external-ip: " + v6).isFalse();
        assertThat(v6.code()).isEqualTo(440);
    }

    @Test
    void withoutAnExternalIpEachFamilyRelaysOnThePodsOwnAddressOfThatFamily() throws Exception {
        assertThat(ownClient.relay(IPV6).relayed().getAddress()).isInstanceOf(Inet6Address.class)
                .isEqualTo(InetAddress.getByName("::1"));
        assertThat(ownClient.relay(IPV4).relayed().getAddress()).isInstanceOf(Inet4Address.class)
                .isIn(InetAddress.getByName("127.0.0.1"), MACHINE);
    }
}
