package dev.hushcall.signaling.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 by hand, for requests no HTTP client sends (a malformed request line, a URI or headers over Jetty's limits,
 * a Content-Length whose body never comes), and reads the answer whole.
 */
final class RawHttp {

    record Answer(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, ending in a blank line) and no body; reads the answer. */
    static Answer send(int port, String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        String text;
        int end;
        // Up to the end of the headers, then as much body as they announce (or to the close).
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("closed before the headers ended: " + all.toString(StandardCharsets.ISO_8859_1));
            }
            all.write(buffer, 0, n);
            text = all.toString(StandardCharsets.ISO_8859_1);
            end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                break;
            }
        }
        String headers = text.substring(0, end);
        int status = Integer.parseInt(headers.substring(9, 12));
        Answer partial = new Answer(status, headers, "");
        String length = partial.header("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"));
        while (true) {
            String body = all.toString(StandardCharsets.ISO_8859_1).substring(end + 4);
            if (length != null && body.length() >= Integer.parseInt(length)) {
                return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8));
            }
            if (chunked && body.endsWith("0\r\n\r\n")) {
                return new Answer(status, headers, dechunk(body));
            }
            int n = in.read(buffer);
            if (n < 0) {
                return new Answer(status, headers, chunked ? dechunk(body) : body);
            }
            all.write(buffer, 0, n);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
