package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real coturn ({@code turnserver}, the Debian package; {@code scripts/test} installs it) in the foreground on
 * free loopback ports, configured from one of the templates in {@code turn-config/} exactly as
 * {@code turn-config/run.sh} fills them in, or from the Helm chart's rendered config ({@link #chart}).
 * Stopped and deleted after the test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Coturn coturn = Coturn.test("secret-newest", "secret-older");
 * }</pre>
 */
public final class Coturn implements BeforeAllCallback, AfterAllCallback {

    public static final String REALM = "hushcall.test";
    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

    /** Writes coturn's config for the ports and run directory chosen at start. */
    interface Config {
        String write(Ports ports, Path directory) throws Exception;
    }

    /** Where this coturn listens and relays: a free port for TURN (UDP and TCP), one for TLS, a relay range. */
    public record Ports(int turn, int tls, int minRelay, int maxRelay) {
    }

    private final Config config;
    private Path directory;
    private Process process;
    private Ports ports;
    private CoturnCountingProxy proxy;
    private CoturnCountingProxy proxy6;

    private Coturn(Config config) {
        this.config = config;
    }

    private static Coturn template(String template, List<String> listeningIps, String... secrets) {
        return new Coturn((ports, directory) -> {
            Map<String, List<String>> values = new LinkedHashMap<>();
            values.put("SECRET", List.of(secrets));
            values.put("REALM", List.of(REALM));
            values.put("LISTENING_IP", listeningIps);
            values.put("RELAY_IP", listeningIps);
            // No external-ip: one would replace the relay address of every family (an IPv6 allocation would
            // report 127.0.0.1), and the mapped form would allow-list the private address.
            values.put("EXTERNAL_IP", List.of());
            values.put("PORT", List.of(Integer.toString(ports.turn())));
            values.put("TLS_PORT", List.of(Integer.toString(ports.tls())));
            values.put("MIN_PORT", List.of(Integer.toString(ports.minRelay())));
            values.put("MAX_PORT", List.of(Integer.toString(ports.maxRelay())));
            values.put("RUN_DIR", List.of(directory.toString()));
            values.put("CERT", List.of(directory.resolve("cert.pem").toString()));
            values.put("PKEY", List.of(directory.resolve("key.pem").toString()));
            if (template.contains("prod")) {
                selfSignedCertificate(directory);
            }
            return render(Files.readString(turnConfig().resolve(template)), values);
        });
    }

    /** The loopback-only test configuration (relays to loopback peers), listening on 127.0.0.1. */
    public static Coturn test(String... secrets) {
        return template("turnserver.test.conf.template", List.of("127.0.0.1"), secrets);
    }

    /**
     * The hardened production template, with loopback listening and relay addresses (IPv4 and IPv6) and a
     * self-signed certificate substituted; everything else as shipped.
     */
    public static Coturn production(String... secrets) {
        return template("turnserver.prod.conf.template", List.of("127.0.0.1", "::1"), secrets);
    }

    /**
     * The Helm chart's coturn, TLS on: its rendered config and its init container's script, run with
     * {@code podIps} as the pod's addresses (127.0.0.1 among them, where this extension reaches it) and
     * {@code helmSet} ({@code --set} values such as {@code coturn.externalIp=…}).
     */
    public static Coturn chart(String secret, List<String> podIps, String... helmSet) {
        return new Coturn((ports, directory) -> {
            selfSignedCertificate(directory);
            return ChartCoturnConfig.render(ports, directory, String.join(",", podIps), secret, helmSet);
        });
    }

    /** An IPv4 address of this machine other than loopback, to stand in for a pod's own address; null if none. */
    public static InetAddress machineAddress4() throws IOException {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        RedisServer.deleteTree(directory);
    }

    public void start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/turnserver"))) {
            throw new IllegalStateException("coturn is not installed: run scripts/test, which installs it, "
                    + "or apt-get install coturn");
        }
        directory = Files.createTempDirectory("hushcall-coturn");
        int minPort = 20000 + ThreadLocalRandom.current().nextInt(400) * 100;
        ports = new Ports(freeUdpAndTcpPort(), freeUdpAndTcpPort(), minPort, minPort + 99);
        Path file = directory.resolve("turnserver.conf");
        Files.writeString(file, config.write(ports, directory));
        process = new ProcessBuilder("/usr/bin/turnserver", "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(log().toFile()).start();
        awaitBindingAnswer();
    }

    public void stop() throws InterruptedException {
        for (CoturnCountingProxy p : new CoturnCountingProxy[] {proxy, proxy6}) {
            if (p != null) {
                p.close();
            }
        }
        proxy = null;
        proxy6 = null;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public int port() {
        return ports.turn();
    }

    /** coturn's TLS port ({@code turns:}); only the production template and the chart listen there. */
    public int tlsPort() {
        return ports.tls();
    }

    /** Sockets that trust this coturn's self-signed certificate (and nothing else), checking host names as usual. */
    public javax.net.ssl.SSLSocketFactory trustingSocketFactory() throws Exception {
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var pem = Files.newInputStream(directory.resolve("cert.pem"))) {
            trusted.setCertificateEntry("coturn", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(pem));
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** The config coturn was started with. */
    public String config() throws IOException {
        return Files.readString(directory.resolve("turnserver.conf"));
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** coturn on ::1; only {@link #production} listens there. An IPv6 relay needs an IPv6 client transport. */
    public InetSocketAddress address6() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("::1"), port());
    }

    /** {@code turn:127.0.0.1:<port>?transport=udp}, as the service hands it to clients. */
    public String uri() {
        return "turn:127.0.0.1:" + port() + "?transport=udp";
    }

    public Path log() {
        return directory.resolve("turnserver.log");
    }

    /** A UDP proxy in front of this coturn that counts the STUN requests passing through (made on first use). */
    public synchronized CoturnCountingProxy countingProxy() throws IOException {
        if (proxy == null) {
            proxy = new CoturnCountingProxy(address());
        }
        return proxy;
    }

    /** The same in front of {@link #address6()}. */
    public synchronized CoturnCountingProxy countingProxy6() throws IOException {
        if (proxy6 == null) {
            proxy6 = new CoturnCountingProxy(address6());
        }
        return proxy6;
    }

    /** Fills {@code @@NAME@@}; a line whose placeholder has n values becomes n lines. Comment lines stay. */
    static String render(String template, Map<String, List<String>> values) {
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            Matcher m = PLACEHOLDER.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                out.append(line).append('\n');
                continue;
            }
            List<String> each = values.get(m.group(1));
            if (each == null) {
                throw new IllegalArgumentException("no value for @@" + m.group(1) + "@@");
            }
            for (String value : each) {
                out.append(line.replace(m.group(), value)).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code turn-config/} of this checkout: tests run in the module directory, one below it. */
    public static Path turnConfig() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("turn-config"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no turn-config/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("turn-config");
    }

    /** cert.pem and key.pem in {@code directory}, for the name localhost only (a probe of 127.0.0.1 must fail). */
    static void selfSignedCertificate(Path directory) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost",
                "-keyout", directory.resolve("key.pem").toString(),
                "-out", directory.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate: " + output);
        }
    }

    /** coturn is up when it answers a STUN Binding request (RFC 8489 §6) on its port. */
    private void awaitBindingAnswer() throws Exception {
        byte[] binding = new byte[20];
        binding[1] = 0x01;
        binding[4] = 0x21;
        binding[5] = 0x12;
        binding[6] = (byte) 0xA4;
        binding[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            binding[i] = (byte) ThreadLocalRandom.current().nextInt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("turnserver exited: " + Files.readString(log()));
                }
                socket.send(new DatagramPacket(binding, binding.length, address()));
                try {
                    socket.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // still starting
                }
            }
        }
        throw new IllegalStateException("turnserver did not answer on port " + port() + " within 10 s: "
                + Files.readString(log()));
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(candidate, InetAddress.getLoopbackAddress())) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }

    /** Lines of coturn's log that mention {@code text}, for a failure message. */
    public List<String> logLines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log())) {
            if (line.contains(text)) {
                lines.add(line);
            }
        }
        return lines;
    }
}
