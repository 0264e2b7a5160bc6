package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ManualUpgrade;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The upgrade as RFC 6455 (section 4.2.2) asks, on the embedded node, where sockets are made by
 * {@link SelectorHandshaker} instead of Jetty's own handshaker.
 */
@ServiceTest
class UpgradeHandshakeIT {

    @LocalServerPort
    int port;

    @Test
    void anUpgradeIsAnsweredWithTheAcceptKeyRfc6455GivesForItsSampleNonce() throws Exception {
        TestDevices devices = new TestDevices(port);
        String ticket = devices.ticket(devices.register("ulrike", 1));

        String head;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            ManualUpgrade.request(socket, port, ticket, null); // Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
            head = ManualUpgrade.responseHead(socket);
        }

        assertThat(head).startsWith("HTTP/1.1 101")
                .containsIgnoringCase("\r\nUpgrade: websocket\r\n")
                .containsIgnoringCase("\r\nConnection: Upgrade\r\n")
                .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
    }

    @Test
    void anUpgradeWithoutAKeyIsRefusedAsABadRequest() throws Exception {
        String head;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /v1/ws?ticket=x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            head = ManualUpgrade.responseHead(socket);
        }

        assertThat(head).startsWith("HTTP/1.1 400");
    }
}
