package dev.hushcall.signaling.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A device that pings over its socket every 20 ms, in a JVM of its own, and reports its slowest ack: what a neighbour
 * on a node waits while something else goes on there. Its own process, because the test's JVM is busy with that
 * something else (a flood's senders): measured from inside it, the first ack of a flood took ~0.4 s, all of it after
 * the node had written the ack (a pause of the test's JVM, not of the node). The probe connects and warms up first,
 * then pings when told to.
 */
public final class NeighbourProbe implements AutoCloseable {

    /** Pings sent and the slowest round trip among them. */
    public record Result(int pings, Duration slowest) {
    }

    private final Process process;
    private final BufferedReader output;
    private final Writer input;

    private NeighbourProbe(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = process.outputWriter();
    }

    /** Starts the probe on {@code socket} (a ticketed {@code /v1/ws} URI) and returns once it is connected. */
    public static NeighbourProbe connect(URI socket) throws IOException {
        Process process = new ProcessBuilder(List.of(ServiceProcess.jdkTool("java"),
                "-cp", System.getProperty("java.class.path"), NeighbourProbe.class.getName(), socket.toString()))
                .redirectErrorStream(true).start();
        NeighbourProbe probe = new NeighbourProbe(process);
        probe.expect("ready");
        return probe;
    }

    /** Pings for {@code duration}; blocks until done. */
    public Result measure(Duration duration) throws IOException {
        input.write(duration.toMillis() + "\n");
        input.flush();
        String[] result = expect("result").split(" ");
        return new Result(Integer.parseInt(result[1]), Duration.ofNanos(Long.parseLong(result[2])));
    }

    private String expect(String word) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(word)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the neighbour probe ended without '" + word + "': " + seen);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Argument: the socket URI. Prints "ready", reads a duration in milliseconds, prints "result pings nanos". */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (RawSocket socket = RawSocket.open(URI.create(args[0]))) {
            for (int i = 0; i < 200; i++) {
                ping(socket, "warm-" + i);
            }
            out.println("ready");
            out.flush();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(commands.readLine()));
            long slowest = 0;
            int pings = 0;
            while (System.nanoTime() < until) {
                long sent = System.nanoTime();
                ping(socket, "n" + pings++);
                slowest = Math.max(slowest, System.nanoTime() - sent);
                Thread.sleep(20);
            }
            out.println("result " + pings + " " + slowest);
            out.flush();
        }
    }

    private static void ping(RawSocket socket, String id) throws InterruptedException {
        socket.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        if (!"ack".equals(socket.replyTo(id).path("type").asString())) {
            throw new IllegalStateException("ping " + id + " was not acked");
        }
    }
}
