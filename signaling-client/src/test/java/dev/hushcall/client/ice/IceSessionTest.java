package dev.hushcall.client.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.client.api.TurnCredentials;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two sessions in one JVM wired to each other directly (no server, no TURN): host candidates on loopback
 * through the fixed-address harvester, checks, and a datagram each way over the selected pair.
 */
class IceSessionTest {

    static final TurnCredentials NO_TURN = new TurnCredentials("0:none", "none", 600, List.of());

    @Test
    void twoSessionsConnectOverLoopbackHostCandidatesAndCarryDatagramsBothWays() throws Exception {
        IceOptions loopback = IceOptions.defaults().withHostAddresses(InetAddress.getLoopbackAddress());
        IceSession[] sessions = new IceSession[2];
        sessions[0] = IceSession.create(NO_TURN, true, loopback, json -> sessions[1].onRemoteIce(json));
        sessions[1] = IceSession.create(NO_TURN, false, loopback, json -> sessions[0].onRemoteIce(json));
        try (IceSession caller = sessions[0]; IceSession callee = sessions[1]) {
            caller.start();
            callee.start();

            IceSession.Path path = caller.connected().get(10, TimeUnit.SECONDS);
            callee.connected().get(10, TimeUnit.SECONDS);

            assertThat(path.localType()).isEqualTo("host");
            assertThat(path.remote().getAddress().isLoopbackAddress()).isTrue();
            caller.send("hello bob".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(callee.receive(Duration.ofSeconds(5)), StandardCharsets.UTF_8)).isEqualTo("hello bob");
            callee.send("hello alice".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(caller.receive(Duration.ofSeconds(5)), StandardCharsets.UTF_8))
                    .isEqualTo("hello alice");
        }
    }

    @Test
    void turnUrisBecomeOneUdpServerPerHostAndPort() {
        assertThat(IceSession.udpTurnServers(List.of("turn:turn.example.com:3478?transport=udp",
                "turn:turn.example.com:3478?transport=tcp", "turns:turn.example.com:443?transport=tcp",
                "turn:127.0.0.1:5000")))
                .extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("turn.example.com:3478", "127.0.0.1:5000");
    }

    @Test
    void aMalformedIceMessageIsRefusedWithAClearError() {
        assertThatThrownBy(() -> CandidateMessage.parse("{\"candidate\":\"x\"}"))
                .hasMessageContaining("ufrag and pwd");
        assertThatThrownBy(() -> CandidateMessage.parse("{\"ufrag\":\"u\",\"pwd\":\"p\"}"))
                .hasMessageContaining("candidate or done");
    }
}
