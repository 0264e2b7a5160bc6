package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import dev.hushcall.signaling.testing.Coturn;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * turn-config/run.sh as a developer runs it (production template, IPv4 and IPv6 loopback): each relay reports its
 * own family's address, and SIGTERM (a supervisor's stop, Ctrl-C's sibling) stops coturn and deletes the run
 * directory that holds the secret in clear.
 */
class RunScriptIT {

    static final String SECRET = "hushcall-run-script-secret-0123456789abcdef";
    static final Pattern RUN_DIR = Pattern.compile("config in (\\S+)");

    Process script;
    Path output;

    /** SIGTERM, so run.sh removes its run directory; forcibly only if that does not end it. */
    @AfterEach
    void stop() throws Exception {
        if (script != null && script.isAlive()) {
            List<ProcessHandle> children = script.descendants().toList();
            script.destroy();
            if (!script.waitFor(10, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    int start(String... arguments) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        output = Files.createTempFile("hushcall-run-sh", ".log");
        ProcessBuilder builder = new ProcessBuilder(Coturn.turnConfig().resolve("run.sh").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().put("HUSHCALL_TURN_SECRETS", SECRET);
        builder.environment().put("TURN_PORT", Integer.toString(port));
        builder.environment().put("TURN_TLS_PORT", Integer.toString(port + 1));
        builder.environment().put("TURN_LISTENING_IP", "127.0.0.1,::1");
        script = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return port;
    }

    Path runDirectory() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher m = RUN_DIR.matcher(Files.readString(output));
            if (m.find()) {
                return Path.of(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run.sh never named its run directory: " + Files.readString(output));
    }

    /** An allocation of {@code family} over ::1, retried while coturn is still starting. */
    static TurnAllocator.Reply relay(int port, char family) throws Exception {
        TurnProperties properties = new TurnProperties(List.of(new Secret(SECRET)), Duration.ofHours(1),
                List.of(URI.create("turn:[::1]:" + port)), null);
        TurnCredentials credentials = new TurnCredentialIssuer(properties, Clock.systemUTC()).issue("dev");
        TurnAllocator.Reply reply = null;
        for (int attempt = 0; attempt < 20 && (reply == null || reply.code() == TurnAllocator.TIMEOUT); attempt++) {
            try (TurnAllocator turn = new TurnAllocator(new InetSocketAddress(InetAddress.getByName("::1"), port),
                    credentials.username(), credentials.password(), Duration.ofMillis(500))) {
                reply = turn.allocate(family);
                if (reply.ok()) {
                    turn.release();
                }
            }
        }
        return reply;
    }

    @Test
    void eachRelayOfTheProductionTemplateReportsItsOwnFamilysAddress() throws Exception {
        int port = start("--prod");

        TurnAllocator.Reply v6 = relay(port, RequestedAddressFamilyAttribute.IPv6);
        TurnAllocator.Reply v4 = relay(port, RequestedAddressFamilyAttribute.IPv4);

        assertThat(v6.ok()).as(v6 + "; " + Files.readString(output)).isTrue();
        assertThat(v6.relayed().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(v4.relayed().getAddress()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void sigtermStopsCoturnAndDeletesTheRunDirectoryHoldingTheSecret() throws Exception {
        int port = start("--prod");
        Path runDirectory = runDirectory();
        assertThat(relay(port, RequestedAddressFamilyAttribute.IPv4).ok()).as(Files.readString(output)).isTrue();
        assertThat(Files.readString(runDirectory.resolve("turnserver.conf"))).contains(SECRET);
        List<ProcessHandle> coturn = script.descendants().toList();
        assertThat(coturn).as("turnserver under run.sh").isNotEmpty();

        script.destroy();

        assertThat(script.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).isEqualTo(143);
        assertThat(runDirectory).doesNotExist();
        assertThat(coturn).noneMatch(ProcessHandle::isAlive);
    }
}
