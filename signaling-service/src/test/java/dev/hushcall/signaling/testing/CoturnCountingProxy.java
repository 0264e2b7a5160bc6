package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback UDP relay (on coturn's address family) in front of a coturn that counts the STUN requests clients send it, by method, so a test
 * can prove a client never floods coturn. Each client address gets its own upstream socket, so coturn still
 * sees one 5-tuple per client.
 */
public final class CoturnCountingProxy implements AutoCloseable {

    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    private final InetSocketAddress coturn;
    private final DatagramSocket front;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile boolean closed;

    CoturnCountingProxy(InetSocketAddress coturn) throws IOException {
        this.coturn = coturn;
        this.front = new DatagramSocket(0, coturn.getAddress());
        Thread thread = new Thread(this::forwardFromClients, "coturn-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return front.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(coturn.getAddress(), port());
    }

    /** STUN requests of {@code method} seen so far (retransmissions included: they are what coturn gets). */
    public int requests(int method) {
        AtomicInteger count = requests.get(method);
        return count == null ? 0 : count.get();
    }

    public int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void reset() {
        requests.clear();
    }

    private void forwardFromClients() {
        byte[] buffer = new byte[65536];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(packet);
                count(packet);
                DatagramSocket upstream = upstreams.computeIfAbsent(packet.getSocketAddress(), this::upstream);
                upstream.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), coturn));
            } catch (IOException e) {
                if (!closed) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** A STUN request: first two bits 0, the magic cookie, and class bits (0x0110) both clear. */
    private void count(DatagramPacket packet) {
        byte[] d = packet.getData();
        int o = packet.getOffset();
        if (packet.getLength() < 20 || (d[o] & 0xC0) != 0 || d[o + 4] != 0x21 || d[o + 5] != 0x12) {
            return;
        }
        int type = ((d[o] & 0xFF) << 8) | (d[o + 1] & 0xFF);
        if ((type & 0x0110) != 0) {
            return;
        }
        int method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
        requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private DatagramSocket upstream(SocketAddress client) {
        try {
            DatagramSocket socket = new DatagramSocket(0, coturn.getAddress());
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[65536];
                while (!closed) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                        front.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(),
                                client));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "coturn-proxy-upstream");
            thread.setDaemon(true);
            thread.start();
            return socket;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        upstreams.values().forEach(DatagramSocket::close);
    }
}
