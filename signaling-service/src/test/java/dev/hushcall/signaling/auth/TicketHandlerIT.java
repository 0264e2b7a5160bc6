package dev.hushcall.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/ws/ticket} is served outside Spring Security, so this checks everything that chain used to do for
 * it: the bearer token, who owns the device, the body, the method, and that a ticket is never cached.
 */
@ServiceTest
@TestPropertySource(properties = "hushcall.auth.dev-token-ttl=10m")
class TicketHandlerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder ticketRequest(String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/ws/ticket"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }

    /** The answer is a refusal with this status and error code; what the server said is in the failure message. */
    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("code").asString()).as(response.body()).isEqualTo(code);
    }

    @Test
    void aRegisteredDeviceGetsAnUncachedTicketThatOpensItsSocket() throws Exception {
        TestDevices devices = new TestDevices(port);
        TestDevices.Device device = devices.register("tina", 1);

        HttpResponse<String> response = send(ticketRequest(device.token(), "application/json",
                "{\"deviceId\":" + device.deviceId() + "}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("expiresInSeconds").asLong()).isPositive();
        try (RawSocket socket = RawSocket.open(devices.socketUri(body.get("ticket").asString()))) {
            socket.send("{\"type\":\"ping\",\"id\":\"p-1\"}");
            assertThat(socket.replyTo("p-1").get("type").asString()).isEqualTo("ack");
        }
    }

    @Test
    void aRequestWithoutABearerTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = send(ticketRequest(null, "application/json", "{\"deviceId\":1}"));

        assertRefused(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void aForgedTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = send(ticketRequest("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0aW5hIn0.AAAA",
                "application/json", "{\"deviceId\":1}"));

        assertRefused(response, 401, "unauthorized");
    }

    @Test
    void aTokenThatExpiredIsUnauthorizedEvenAfterItWasAccepted() throws Exception {
        TestDevices devices = new TestDevices(port);
        TestDevices.Device device = devices.register("ursula", 1);
        String body = "{\"deviceId\":" + device.deviceId() + "}";
        assertThat(send(ticketRequest(device.token(), "application/json", body)).statusCode()).isEqualTo(200);

        // The token lives 10 minutes; the validator allows 60 s of skew.
        clock.advance(Duration.ofMinutes(12));
        HttpResponse<String> response = send(ticketRequest(device.token(), "application/json", body));

        assertRefused(response, 401, "unauthorized");
    }

    @Test
    void aDeviceOfAnotherUserIsUnknownToTheCaller() throws Exception {
        TestDevices devices = new TestDevices(port);
        TestDevices.Device victor = devices.register("victor", 1);
        String mallory = devices.token("mallory");

        HttpResponse<String> response = send(ticketRequest(mallory, "application/json",
                "{\"deviceId\":" + victor.deviceId() + "}"));

        assertRefused(response, 404, "unknown_device");
        assertThat(response.body()).doesNotContain("ticket\"");
    }

    @Test
    void aBodyWithoutAPositiveDeviceIdIsInvalid() throws Exception {
        String token = new TestDevices(port).token("wanda");

        for (String body : new String[] {"{}", "{\"deviceId\":0}", "{\"deviceId\":-3}", "null"}) {
            HttpResponse<String> response = send(ticketRequest(token, "application/json", body));
            assertRefused(response, 400, "invalid_message");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsBadJsonAndOneTooLongIsTooLarge() throws Exception {
        String token = new TestDevices(port).token("wanda");

        for (String body : new String[] {"", "{deviceId:"}) {
            HttpResponse<String> response = send(ticketRequest(token, "application/json", body));
            assertRefused(response, 400, "bad_json");
        }
        HttpResponse<String> response = send(ticketRequest(token, "application/json",
                "{\"deviceId\":1,\"pad\":\"" + "x".repeat(2000) + "\"}"));
        assertRefused(response, 413, "request_too_large");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsUnsupported() throws Exception {
        String token = new TestDevices(port).token("wanda");

        HttpResponse<String> response = send(ticketRequest(token, "text/plain", "{\"deviceId\":1}"));

        assertRefused(response, 415, "invalid_message");
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        String token = new TestDevices(port).token("wanda");

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/ws/ticket")).header("Authorization", "Bearer " + token));

        assertRefused(response, 405, "invalid_message");
        assertThat(response.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void otherPathsStillGoThroughSpringSecurity() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/ws/ticket/")).POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("deviceId", 1)))).header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
    }
}
