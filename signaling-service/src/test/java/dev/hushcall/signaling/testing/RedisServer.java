package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} (the Debian package; {@code scripts/test} installs it) on a free loopback port,
 * with an append-only file synced on every write, so a test can stop and restart it without losing data.
 * Stopped and deleted after the test class.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private final List<String> extraArguments;
    private Path directory;
    private Process process;
    private int port;

    public RedisServer(String... extraArguments) {
        this.extraArguments = List.of(extraArguments);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("hushcall-redis");
        port = freePort();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        deleteTree(directory);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port with the same data directory. */
    public void start() throws Exception {
        process = RedisProcesses.start(directory, port, extraArguments);
    }

    /** Shuts the server down the way an operator would (SHUTDOWN, which flushes the append-only file). */
    public void stop() throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
            jedis.shutdown();
        } catch (RuntimeException alreadyGoing) {
            // SHUTDOWN closes the connection before it can answer.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public void flushAll() {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
            jedis.flushAll();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
