package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnProbeTest {

    static final Secret SECRET = new Secret("0123456789abcdef0123456789abcdef");

    static TurnProbe probe(List<Secret> secrets, boolean enabled, List<URI> uris) {
        TurnProperties properties = new TurnProperties(secrets, Duration.ofHours(1), uris, null, Map.of(),
                new TurnProperties.Probe(enabled, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        return new TurnProbe(properties, new TurnCredentialIssuer(properties, Clock.systemUTC()), Clock.systemUTC());
    }

    @Test
    void eachHostPortAndTransportIsProbedOnceTurnsOverTls() {
        assertThat(TurnProbe.targets(List.of(
                URI.create("turn:turn.example.com:3478?transport=udp"),
                URI.create("turn:turn.example.com:3478?transport=tcp"),
                URI.create("turns:turn.example.com:443?transport=tcp"),
                URI.create("turn:turn.example.com:3478"),
                URI.create("turn:eu.example.com"),
                URI.create("turns:eu.example.com"),
                URI.create("turn:[2001:db8::1]:3479?transport=udp"))))
                .extracting(TurnProbe.Target::toString)
                .containsExactly("turn.example.com:3478/udp", "turn.example.com:3478/tcp", "turn.example.com:443/tls",
                        "eu.example.com:3478/udp", "eu.example.com:5349/tls", "[2001:db8::1]:3479/udp");
    }

    @Test
    void everyRegionsServersAreProbedToo() {
        TurnProperties properties = new TurnProperties(List.of(SECRET), Duration.ofHours(1),
                List.of(URI.create("turn:a.example.com:3478")), null,
                Map.of("eu", List.of(URI.create("turn:eu.example.com:3478"))), null);

        assertThat(TurnProbe.targets(properties.allUris())).extracting(TurnProbe.Target::host)
                .containsExactly("a.example.com", "eu.example.com");
    }

    @Test
    void withoutSecretsTheProbeIsOffAndSaysWhyInsteadOfReportingA401() {
        TurnProbe probe = probe(List.of(), true, List.of(URI.create("turn:localhost:3478")));

        assertThat(probe.offReason()).get().asString().contains("hushcall.turn.secrets");
        probe.start();
        assertThat(probe.isRunning()).isFalse();
        assertThat(probe.lastResult()).isEmpty();
    }

    @Test
    void theProbeCanBeSwitchedOff() {
        assertThat(probe(List.of(SECRET), false, List.of(URI.create("turn:localhost:3478"))).offReason())
                .get().asString().contains("enabled is false");
    }

    @Test
    void anUnresolvableHostIsReportedWithoutSendingAnything() {
        TurnProbe.Result result = probe(List.of(SECRET), true,
                List.of(URI.create("turn:no-such-host.invalid:3478"))).probeOnce();

        assertThat(result.healthy()).isFalse();
        assertThat(result.servers().get(0).status()).isEqualTo(TurnProbe.Status.UNRESOLVED);
    }
}
