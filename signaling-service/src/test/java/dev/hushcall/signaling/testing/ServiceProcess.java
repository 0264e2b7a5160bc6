package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the service as a separate JVM on a free port, with its log in a file, and stops it afterwards.
 * Separate from the test's JVM, so what the service process holds and logs can be inspected without the
 * clients' plaintext mixed in.
 */
public final class ServiceProcess implements BeforeAllCallback, AfterAllCallback {

    private final java.util.function.Supplier<List<String>> extraArguments;
    private Process process;
    private Path directory;
    private int port;
    private int managementPort;

    public ServiceProcess(String... extraArguments) {
        this(() -> List.of(extraArguments));
    }

    /** Arguments computed when the node starts, e.g. from a Redis extension that starts before it. */
    public ServiceProcess(java.util.function.Supplier<List<String>> extraArguments) {
        this.extraArguments = extraArguments;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** Starts the node (again, after {@link #kill()} or {@link #terminate()}) on a new free port. */
    public void start() throws Exception {
        directory = Files.createTempDirectory("hushcall-node");
        port = freePort();
        managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                jdkTool("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.hushcall.signaling.HushcallApplication",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.profiles.active=dev",
                "--logging.file.name=" + log()));
        command.addAll(extraArguments.get());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("console.txt").toFile())
                .start();
        awaitHealthy();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: the node dies with no chance to drain, as on a crash or a lost machine. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the node to drain and exit; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the node did not exit within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Starts SIGTERM's drain without waiting for the exit. */
    public void sendTerminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public java.net.URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    /** GET a path on the node and return its status code. */
    public int status(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(baseUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public int port() {
        return port;
    }

    /** The actuator's port (metrics, health details), apart from the public one. */
    public int managementPort() {
        return managementPort;
    }

    public Path log() {
        return directory.resolve("service.log");
    }

    public Path console() {
        return directory.resolve("console.txt");
    }

    /** A full garbage collection in the node, so that its heap holds only what is still reachable. */
    public void collectGarbage() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    /** Dumps the service's heap (live and dead objects alike) to a file and returns its path. */
    public Path heapDump() throws IOException, InterruptedException {
        Path dump = directory.resolve("heap-" + System.nanoTime() + ".hprof");
        jcmd("GC.heap_dump", "-all", dump.toString());
        if (!Files.exists(dump)) {
            throw new IllegalStateException("jcmd GC.heap_dump wrote no " + dump);
        }
        return dump;
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jdkTool("jcmd"), Long.toString(process.pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://localhost:" + managementPort + "/actuator/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(console()));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not become healthy in 60 s");
    }

    /** A program of the JDK that runs these tests ({@code java}, {@code jcmd}). */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
