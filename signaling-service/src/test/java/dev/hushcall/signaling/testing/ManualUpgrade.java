package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A socket upgrade written by hand on a plain TCP socket, for what a WebSocket client library will not do: send a
 * chosen Origin, or stop reading once upgraded.
 */
public final class ManualUpgrade {

    private ManualUpgrade() {
    }

    /** Sends the upgrade request for {@code /v1/ws?ticket=}, with an Origin header when {@code origin} is not null. */
    public static void request(Socket socket, int port, String ticket, String origin) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/ws?ticket=" + ticket + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the response's status line and headers, up to the blank line; nothing after it. */
    public static String responseHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
