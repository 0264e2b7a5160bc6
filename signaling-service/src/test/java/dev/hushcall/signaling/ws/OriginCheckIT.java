package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ManualUpgrade;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Browsers may open sockets only from the configured origins; apps, which send no Origin, always may. */
@ServiceTest
@TestPropertySource(properties = "hushcall.ws.allowed-origins=https://app.example,https://*.example.org")
class OriginCheckIT {

    @LocalServerPort
    int port;

    /** The status line of an upgrade to {@code /v1/ws} with a fresh ticket, sent with {@code origin} when not null. */
    private String upgrade(String origin) throws Exception {
        TestDevices devices = new TestDevices(port);
        String ticket = devices.ticket(devices.register("olga", 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            ManualUpgrade.request(socket, port, ticket, origin);
            return ManualUpgrade.responseHead(socket).lines().findFirst().orElse("");
        }
    }

    @Test
    void aPageFromAnAllowedOriginOpensItsSocket() throws Exception {
        assertThat(upgrade("https://app.example")).startsWith("HTTP/1.1 101");
        assertThat(upgrade("https://calls.example.org")).startsWith("HTTP/1.1 101");
    }

    @Test
    void aPageFromAnyOtherOriginIsRefused() throws Exception {
        assertThat(upgrade("https://evil.example")).startsWith("HTTP/1.1 403");
    }

    @Test
    void anAppThatSendsNoOriginOpensItsSocket() throws Exception {
        assertThat(upgrade(null)).startsWith("HTTP/1.1 101");
    }
}
