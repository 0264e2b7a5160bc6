package dev.hushcall.signaling.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** A three-master Redis Cluster on loopback (real {@code redis-server} processes, joined with {@code redis-cli --cluster create}). */
public final class RedisCluster implements BeforeAllCallback, AfterAllCallback {

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private Path directory;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("hushcall-cluster");
        for (int i = 0; i < 3; i++) {
            processes.add(startMaster());
        }
        List<String> create = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes());
        if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + output);
        }
        awaitClusterOk();
    }

    /**
     * One master on two free ports, its own and its cluster bus's. Left to itself the bus listens on the port plus
     * 10000, which no one checked was free: in the ephemeral range, a client connection can hold it (seen in CI as
     * "Failed listening on port … (cluster)"). A port taken between choosing it and binding it is chosen again.
     */
    private Process startMaster() throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = RedisServer.freePort();
            int bus = RedisServer.freePort();
            if (bus == port) {
                continue;
            }
            try {
                Process process = RedisProcesses.start(directory.resolve("node-" + port), port,
                        List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(bus),
                                "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "2000"));
                ports.add(port);
                return process;
            } catch (IllegalStateException portTaken) {
                if (attempt == 3) {
                    throw portTaken;
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        RedisServer.deleteTree(directory);
    }

    /** {@code host:port} of every master, for {@code hushcall.redis.cluster-nodes}. */
    public List<String> nodes() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    public void flushAll() {
        for (int port : ports) {
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
                jedis.flushAll();
            }
        }
    }

    private void awaitClusterOk() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int port : ports) {
                try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
                    ok &= jedis.clusterInfo().contains("cluster_state:ok");
                }
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not reach cluster_state:ok in 20 s");
    }
}
