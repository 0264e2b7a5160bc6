package dev.hushcall.signaling.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A device socket spoken by hand on a plain TCP socket: frames go out exactly as given (masked, as a client's must),
 * frames come in one at a time. For what client libraries will not send: chosen fragments, text that is not UTF-8.
 */
public final class HandFramedSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame from the server. */
    public record Received(int opCode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private HandFramedSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /v1/ws} with the ticket and reads the 101; fails if the upgrade is refused. */
    public static HandFramedSocket open(int port, String ticket) throws IOException {
        return open(port, ticket, 0);
    }

    /**
     * As {@link #open(int, String)}, with the kernel's receive buffer set to {@code receiveBufferBytes} (0: the
     * system's default), so a test that reads slowly is slow at once rather than after the buffer fills.
     */
    public static HandFramedSocket open(int port, String ticket, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        ManualUpgrade.request(socket, port, ticket, null);
        String head = ManualUpgrade.responseHead(socket);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        return new HandFramedSocket(socket);
    }

    public void send(int opCode, boolean fin, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) ((fin ? 0x80 : 0) | opCode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        out.write(frame.array(), 0, frame.position());
        out.flush();
    }

    public void send(int opCode, boolean fin, String payload) throws IOException {
        send(opCode, fin, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame; fails after 5 s without one. */
    public Received read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Received(first & 0x0F, (first & 0x80) != 0, payload);
    }

    /** The next frame that matches, skipping others; fails with what it skipped if the socket ends first. */
    public Received await(Predicate<Received> match) throws IOException {
        List<String> skipped = new ArrayList<>();
        while (true) {
            Received frame;
            try {
                frame = read();
            } catch (IOException e) {
                throw new IOException("no matching frame; skipped " + skipped, e);
            }
            if (match.test(frame)) {
                return frame;
            }
            skipped.add(frame.opCode() + ":" + frame.text());
        }
    }

    /** Answers a close frame with one of its own, as a device does. */
    public void sendClose(int code) throws IOException {
        send(CLOSE, true, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** The frames the server sends until it ends the connection; fails if it has not within 5 s. */
    public List<Received> untilEnd() throws IOException {
        List<Received> frames = new ArrayList<>();
        while (true) {
            try {
                frames.add(read());
            } catch (EOFException end) {
                return frames;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection did not end within 5 s; received " + frames, e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
