package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The socket refuses permessage-deflate, which browsers and Gatling always offer: payloads are ciphertext, which
 * does not compress, so compression is pure cost (DESIGN.md measured a relay collapsing under it).
 */
@ServiceTest
class NoCompressionIT {

    @LocalServerPort
    int port;

    @Test
    void aHandshakeOfferingPermessageDeflateIsAcceptedWithoutIt() throws Exception {
        TestDevices devices = new TestDevices(port);
        // Twice: the first socket also proves the refusal holds from the very first handshake.
        for (int i = 0; i < 2; i++) {
            String ticket = devices.ticket(devices.register("deflate-" + i, 0));
            String headers = handshake(ticket);
            assertThat(headers).startsWith("HTTP/1.1 101");
            assertThat(headers.toLowerCase()).doesNotContain("permessage-deflate");
        }
    }

    private String handshake(String ticket) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/ws?ticket=" + ticket + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                headers.append((char) b);
            }
            return headers.toString();
        }
    }
}
