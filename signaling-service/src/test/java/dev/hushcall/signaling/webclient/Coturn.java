package dev.hushcall.signaling.webclient;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real coturn (Debian {@code turnserver}) in the foreground on a free loopback port, with a fresh
 * {@code use-auth-secret} secret, for relay tests. Loopback only, and {@code allow-loopback-peers}, which only
 * a test config may carry (DESIGN.md: coturn facts).
 */
final class Coturn implements BeforeAllCallback, AfterAllCallback {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String secret;
    private Process process;
    private Path directory;
    private int port;

    Coturn() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("hushcall-coturn");
        port = freeUdpAndTcpPort();
        Path config = directory.resolve("turnserver.conf");
        Files.writeString(config, String.join("\n",
                "listening-ip=127.0.0.1",
                "relay-ip=127.0.0.1",
                "listening-port=" + port,
                "min-port=" + (port + 1),
                "max-port=" + (port + 200),
                "use-auth-secret",
                "static-auth-secret=" + secret,
                "realm=hushcall.test",
                "fingerprint",
                "no-tls",
                "no-dtls",
                "no-cli",
                "allow-loopback-peers",
                "no-software-attribute",
                "pidfile=" + directory.resolve("turnserver.pid"),
                "userdb=" + directory.resolve("turndb"),
                "log-file=stdout",
                "simple-log",
                "verbose",
                ""));
        process = new ProcessBuilder("turnserver", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
        awaitListening();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The secret coturn shares with the service ({@code --hushcall.turn.secrets}). */
    String secret() {
        return secret;
    }

    /** The URI the service hands to clients ({@code --hushcall.turn.uris}). */
    String uri() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    Path log() {
        return directory.resolve("turnserver.log");
    }

    /** Polls until coturn accepts TCP on its port; it opens its UDP listener on the same port before that. */
    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn exited: " + Files.readString(log()));
            }
            try (Socket probe = new Socket(LOOPBACK, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("coturn did not listen on " + port + " within 15 s: " + Files.readString(log()));
    }

    /** A port free for both UDP and TCP, with the 200 ports above it used as the relay range. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                candidate = tcp.getLocalPort();
            }
            if (candidate > 65_000) {
                continue;
            }
            try (DatagramSocket udp = new DatagramSocket(candidate, LOOPBACK)) {
                return candidate;
            } catch (SocketException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port for coturn");
    }
}
