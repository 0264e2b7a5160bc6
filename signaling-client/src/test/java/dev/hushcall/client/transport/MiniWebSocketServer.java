package dev.hushcall.client.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Just enough of RFC 6455 to test the real java.net.http socket: handshake, masked text frames in,
 * unmasked text frames out, one connection at a time. Not a server to copy.
 */
final class MiniWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<String> requestLines = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private volatile Socket current;

    MiniWebSocketServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "mini-ws");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String ticket) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/ws?ticket=" + ticket);
    }

    synchronized void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = current.getOutputStream();
        out.write(0x81);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(payload);
        out.flush();
    }

    /** A close frame with {@code code} and no reason. */
    synchronized void sendClose(int code) throws IOException {
        OutputStream out = current.getOutputStream();
        out.write(new byte[] {(byte) 0x88, 2, (byte) (code >>> 8), (byte) code});
        out.flush();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                handshake(socket);
                current = socket;
                readFrames(socket);
            } catch (IOException e) {
                // The client went away (or the test dropped it): wait for the next connection.
            }
        }
    }

    private void handshake(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String request = readHeaders(in);
        requestLines.add(request.lines().findFirst().orElse(""));
        String key = request.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake");
            }
            bytes.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private void readFrames(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0f;
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes(length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if (opcode == 0x8) {
                socket.close();
                return;
            }
            if (opcode == 0x1) {
                received.add(new String(payload, StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (current != null) {
            current.close();
        }
    }
}
