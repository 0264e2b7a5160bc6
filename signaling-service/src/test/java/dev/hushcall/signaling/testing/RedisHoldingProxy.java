package dev.hushcall.signaling.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A TCP proxy in front of a Redis that reads the commands passing through it (RESP arrays) and, once {@link #holdAfter
 * armed}, forwards the first command that matches and then holds that connection: nothing more it sends reaches Redis,
 * so its node blocks waiting for the replies. That places a node's death exactly between two of its commands, e.g.
 * between claiming a frame's id and routing the frame. Replies flow back untouched. Cleaned up after the test class.
 */
public final class RedisHoldingProxy implements BeforeAllCallback, AfterAllCallback {

    private final RedisServer redis;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Predicate<List<String>> armed;
    private volatile CountDownLatch holding = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);
    private ServerSocket server;

    public RedisHoldingProxy(RedisServer redis) {
        this.redis = redis;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redis-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        released.countDown();
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * From now on, the first command (its arguments, the command's name first) that matches is forwarded and its
     * connection then held until {@link #release()}.
     */
    public void holdAfter(Predicate<List<String>> command) {
        holding = new CountDownLatch(1);
        released = new CountDownLatch(1);
        armed = command;
    }

    /** Waits until a connection is held; false if none was within the timeout. */
    public boolean awaitHolding(long timeout, TimeUnit unit) throws InterruptedException {
        return holding.await(timeout, unit);
    }

    /** Lets the held connection go: it is closed, as its node is dead by then. */
    public void release() {
        released.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), redis.port());
                sockets.add(client);
                sockets.add(upstream);
                start("redis-proxy-up", () -> forwardCommands(client, upstream));
                start("redis-proxy-down", () -> copy(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(String name, Runnable pump) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Client to Redis, one whole command at a time, so a hold falls between two commands. */
    private void forwardCommands(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = upstream.getOutputStream();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                raw.reset();
                List<String> command = readCommand(in, raw);
                out.write(raw.toByteArray());
                out.flush();
                Predicate<List<String>> match = armed;
                if (match != null && match.test(command)) {
                    armed = null;
                    holding.countDown();
                    released.await();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended, or the proxy is closing.
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // The connection ended.
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    /** One RESP array of bulk strings (what a client sends), its bytes copied to {@code raw}. */
    private static List<String> readCommand(InputStream in, ByteArrayOutputStream raw) throws IOException {
        String header = readLine(in, raw);
        if (!header.startsWith("*")) {
            throw new IOException("not a command: " + header);
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String length = readLine(in, raw);
            byte[] bulk = in.readNBytes(Integer.parseInt(length.substring(1)) + 2);
            raw.write(bulk);
            arguments.add(new String(bulk, 0, bulk.length - 2, StandardCharsets.UTF_8));
        }
        return arguments;
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            raw.write(b);
            if (b != '\r') {
                line.append((char) b);
            }
        }
        raw.write('\n');
        return line.toString();
    }
}
