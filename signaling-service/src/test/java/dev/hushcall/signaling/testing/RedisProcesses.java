package dev.hushcall.signaling.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** Starting one {@code redis-server} process and waiting until it answers PING. */
final class RedisProcesses {

    private RedisProcesses() {
    }

    static Process start(Path directory, int port, List<String> extraArguments) throws Exception {
        String binary = "/usr/bin/redis-server";
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("redis-server is not installed: run scripts/test, which installs it, "
                    + "or apt-get install redis-server");
        }
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>(List.of(binary,
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", directory.toString(),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: "
                        + Files.readString(directory.resolve("redis-" + port + ".log")));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", port, 200)) {
                if ("PONG".equals(jedis.ping())) {
                    return process;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer on port " + port + " within 10 s");
    }
}
