package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.signaling.testing.Coturn;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * turn-config/turnserver.prod.conf.template as shipped, started with loopback listening and relay addresses: a
 * client holding valid credentials cannot make coturn relay into loopback, private, link-local or metadata
 * addresses, in IPv4, IPv6 or IPv4-mapped IPv6 form; each relay reports an address of the family asked for; TLS is
 * 1.2. A public address is the control that shows the 403s come from the deny list, not from a broken allocation.
 */
class ProductionTemplateIT {

    static final String SECRET = "hushcall-prod-template-secret-0123456789ab";

    @RegisterExtension
    static final Coturn coturn = Coturn.production(SECRET);

    static final TurnTestClient client = new TurnTestClient(coturn, SECRET);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "172.16.0.1",
            "100.64.0.1", "0.0.0.0", "192.0.2.1", "224.0.0.1"})
    void anIpv4RelayRefusesPermissionToInternalAddressesWith403(String peer) throws Exception {
        assertThat(client.permission(RequestedAddressFamilyAttribute.IPv4, peer).code()).as(peer).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::",
            "fd00:ec2::254", "fe80::1", "64:ff9b::a00:1", "2001:db8::7", "ff02::1"})
    void anIpv6RelayRefusesPermissionToLoopbackMappedAndLocalAddressesWith403(String peer) throws Exception {
        assertThat(client.permission(RequestedAddressFamilyAttribute.IPv6, peer).code()).as(peer).isEqualTo(403);
    }

    /** Public addresses outside every denied range (the documentation nets are denied too); nothing is sent there. */
    @Test
    void aPublicAddressIsPermittedSoThe403sComeFromTheDenyList() throws Exception {
        assertThat(client.permission(RequestedAddressFamilyAttribute.IPv4, "1.1.1.1").ok()).isTrue();
        assertThat(client.permission(RequestedAddressFamilyAttribute.IPv6, "2606:4700:4700::1111").ok()).isTrue();
    }

    /** One external-ip line would replace both: an IPv6 relay would report 127.0.0.1 (issue 17, point 3). */
    @Test
    void eachRelayReportsAnAddressOfTheFamilyItWasAskedFor() throws Exception {
        InetAddress v6 = client.relay(RequestedAddressFamilyAttribute.IPv6).relayed().getAddress();
        InetAddress v4 = client.relay(RequestedAddressFamilyAttribute.IPv4).relayed().getAddress();

        assertThat(v6).isInstanceOf(Inet6Address.class).isEqualTo(InetAddress.getByName("::1"));
        assertThat(v4).isInstanceOf(Inet4Address.class).isEqualTo(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void turnsSpeaksTls12WithAForwardSecretAeadSuiteAndRefusesTls13() throws Exception {
        try (SSLSocket tls12 = handshake("TLSv1.2")) {
            assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.getSession().getCipherSuite()).startsWith("TLS_ECDHE_")
                    .containsAnyOf("_GCM_", "_CHACHA20_POLY1305_");
        }
        assertThatThrownBy(() -> handshake("TLSv1.3").close()).as("coturn 4.6 with OpenSSL 3 here")
                .isInstanceOf(SSLException.class);
    }

    /** A TLS handshake with coturn's turns: port offering only {@code protocol}. */
    static SSLSocket handshake(String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) coturn.trustingSocketFactory().createSocket("127.0.0.1", coturn.tlsPort());
        try {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket;
        } catch (Exception e) {
            socket.close();
            throw e;
        }
    }
}
