package dev.hushcall.signaling.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/** A real Redis primary watched by one real Sentinel ({@code redis-server --sentinel}), on free loopback ports. */
public final class RedisSentinel implements BeforeAllCallback, AfterAllCallback {

    public static final String MASTER = "mymaster";

    private Path directory;
    private Process primary;
    private Process sentinel;
    private int sentinelPort;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("hushcall-sentinel");
        int primaryPort = RedisServer.freePort();
        primary = RedisProcesses.start(directory.resolve("primary"), primaryPort, List.of());
        sentinelPort = RedisServer.freePort();
        Path config = directory.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "dir " + directory,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 1",
                "sentinel down-after-milliseconds " + MASTER + " 2000", ""));
        sentinel = new ProcessBuilder("/usr/bin/redis-server", config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(directory.resolve("sentinel.log").toFile()).start();
        awaitMasterKnown();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process process : new Process[] {sentinel, primary}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        RedisServer.deleteTree(directory);
    }

    /** {@code host:port} of the sentinel, for {@code hushcall.redis.sentinel.nodes}. */
    public String sentinelNode() {
        return "127.0.0.1:" + sentinelPort;
    }

    private void awaitMasterKnown() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis("127.0.0.1", sentinelPort, 200)) {
                if (jedis.sentinelGetMasterAddrByName(MASTER).size() == 2) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the sentinel is still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the sentinel did not report " + MASTER + " within 10 s");
    }
}
