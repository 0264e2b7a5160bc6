package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.HushcallApplication;
import dev.hushcall.signaling.testing.Coturn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service, with the shipped health settings (nothing overridden), pointed at a coturn that has another
 * secret: {@code /actuator/health/turn} is DOWN with the 401 and its details, while {@code /actuator/health} and
 * readiness stay UP, because a broken relay must not take signalling out of a load balancer.
 */
@SpringBootTest(classes = HushcallApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TurnHealthIT {

    @RegisterExtension
    static final Coturn coturn = Coturn.test("hushcall-health-it-coturn-secret-0123456789");

    @DynamicPropertySource
    static void turn(DynamicPropertyRegistry registry) {
        registry.add("hushcall.turn.secrets", () -> "hushcall-health-it-service-secret-abcdefghij");
        registry.add("hushcall.turn.uris", coturn::uri);
    }

    @LocalManagementPort
    int port;

    @Autowired
    TurnProbe probe;

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSecretMismatchShowsInTheTurnHealthGroupButNeitherInTheDefaultHealthNorInReadiness() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (probe.lastResult().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        HttpResponse<String> turn = get("/actuator/health/turn");
        assertThat(turn.statusCode()).isEqualTo(503);
        assertThat(turn.body()).contains("\"DOWN\"", "AUTH_FAILED", "401");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<String> whole = get("/actuator/health");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(whole.body()).contains("\"UP\"").doesNotContain("DOWN");
        assertThat(probe.lastResult().get().servers()).singleElement()
                .extracting(TurnProbe.ServerResult::status).isEqualTo(TurnProbe.Status.AUTH_FAILED);
        String server = probe.lastResult().get().servers().get(0).server();
        assertThat(get("/actuator/prometheus").body())
                .as("the failing probe shows as a metric an alert can fire on")
                .contains("hushcall_turn_probe_up{server=\"" + server + "\"} 0.0");
    }
}
