package dev.hushcall.signaling.metrics;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * After a scripted call, the Prometheus endpoint shows it: set-up histogram, counters, and no user ids in tags. It is
 * served on the management port only; the public port has no actuator but the load balancers' probes.
 */
@ServiceTest
class PrometheusScrapeIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get(managementPort, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void metricsAreOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(scrape()).contains("hushcall_sockets_open ");
        // The security rules deny /actuator/** itself anywhere (401); the paths they allow are simply not here.
        assertThat(get(port, "/actuator").statusCode()).isEqualTo(401);
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
                "/actuator/info")) {
            HttpResponse<String> response = get(port, path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("{\"code\":\"invalid_message\",\"message\":\"no such endpoint\"}");
        }
    }

    @Test
    void jettysRefusalsOnTheManagementPortAreJsonErrorsToo() throws Exception {
        try (Socket socket = new Socket("localhost", managementPort)) {
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json")
                    .contains("{\"code\":\"invalid_message\",\"message\":\"the HTTP request is malformed\"}");
        }
        HttpResponse<String> missing = get(managementPort, "/elsewhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"code\":\"invalid_message\",\"message\":\"no such endpoint\"}");
    }

    @Test
    void loadBalancersProbeLivenessAndReadinessOnThePublicPort() throws Exception {
        assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    /** The value of one sample line, e.g. {@code hushcall_calls_ended_total{reason="hangup"}}; 0 if absent. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aScriptedCallShowsUpInTheCountersAndTheSetUpHistogram() throws Exception {
        String before = scrape();
        TestDevices devices = new TestDevices(port);
        try (Phone a = Phone.connected(port, devices, "metrics-alice"); Phone b = Phone.connected(port, devices, "metrics-bob")) {
            CallHandle call = a.client().placeCall("metrics-bob", Sdp.audio("metrics"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);
            b.client().answer(call.callId(), Sdp.audio("metrics-answer")).get(10, TimeUnit.SECONDS);
            a.await(ANSWER);
            a.client().sendIce(call.callId(), Sdp.candidate("192.0.2.1", 1)).get(10, TimeUnit.SECONDS);
            a.client().sendIce(call.callId(), Sdp.candidate("192.0.2.1", 2)).get(10, TimeUnit.SECONDS);
            b.await(ICE);
            b.await(ICE);
            a.client().turnCredentials();
            a.client().hangup(call.callId()).get(10, TimeUnit.SECONDS);
            b.awaitEnded(call.callId());
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/v1/keys/nobody-here"))
                    .header("Authorization", "Bearer " + devices.token("metrics-alice")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
        String after = scrape();

        assertThat(delta(before, after, "hushcall_calls_started_total")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_calls_answered_total")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_calls_ended_total{reason=\"hangup\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_messages_routed_total{type=\"call.offer\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_messages_routed_total{type=\"call.answer\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_messages_routed_total{type=\"call.ice\"}")).isEqualTo(2);
        assertThat(delta(before, after, "hushcall_messages_routed_total{type=\"call.ended\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_errors_total{code=\"unknown_user\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_calls_setup_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_calls_setup_seconds_bucket{le=\"60.0\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hushcall_turn_credentials_issued_total")).isEqualTo(1);
        assertThat(after).contains("hushcall_sockets_open ").contains("hushcall_drain_state 0.0");

        assertThat(after).doesNotContain("metrics-alice").doesNotContain("metrics-bob");
        for (String line : after.split("\n")) {
            if (line.startsWith("hushcall_") && line.contains("{")) {
                assertThat(line).as("tag values come from closed sets").doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
            }
        }
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }
}
