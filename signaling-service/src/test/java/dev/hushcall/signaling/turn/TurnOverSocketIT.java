package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.api.TurnCredentials;
import dev.hushcall.signaling.metrics.MetricNames;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A connected device gets TURN credentials on its socket, the same ones coturn accepts from the REST endpoint. */
@ServiceTest
@TestPropertySource(properties = {
        "hushcall.turn.secrets=" + TurnOverSocketIT.SECRET,
        "hushcall.turn.ttl=1h",
        "hushcall.turn.probe.enabled=false",
        "hushcall.turn.regions.eu[0]=turn:eu.turn.example:3478?transport=udp"})
class TurnOverSocketIT {

    static final String SECRET = "turn-over-socket-it-secret-0123456789abcdef";

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    @Autowired
    MeterRegistry meters;

    private JsonNode request(String frame) throws Exception {
        TestDevices devices = new TestDevices(port);
        try (RawSocket socket = devices.connect(devices.register("xenia", 1))) {
            socket.send(frame);
            return socket.replyTo("t-1");
        }
    }

    @Test
    void aTurnRequestIsAnsweredWithCredentialsCoturnWouldAccept() throws Exception {
        JsonNode reply = request("{\"type\":\"turn.request\",\"id\":\"t-1\"}");

        assertThat(reply.get("type").asString()).isEqualTo("turn.credentials");
        assertThat(reply.get("ttl").asLong()).isEqualTo(3600);
        String username = reply.get("username").asString();
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isEqualTo(clock.instant().getEpochSecond() + 3600);
        assertThat(username).doesNotContain("xenia");
        // coturn's use-auth-secret check: base64(HMAC-SHA1(secret, username)).
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.get("password").asString()).isEqualTo(expected);
        assertThat(reply.get("uris").get(0).asString()).isEqualTo("turn:localhost:3478?transport=udp");
    }

    @Test
    void theSdkAsksOnItsOpenSocketForTheSameCredentialsAsRest() throws Exception {
        TestDevices devices = new TestDevices(port);
        try (Phone phone = Phone.connected(port, devices, "zora")) {
            double issuedBefore = credentialsIssued();
            TurnCredentials overSocket = phone.client().turnCredentials();
            JsonNode overRest = devices.get("/v1/turn/credentials", devices.token("zora"));

            assertThat(overSocket.username()).isEqualTo(overRest.get("username").asString());
            assertThat(overSocket.password()).isEqualTo(overRest.get("password").asString());
            assertThat(credentialsIssued()).isEqualTo(issuedBefore + 2);
        }
    }

    private double credentialsIssued() {
        return meters.get(MetricNames.TURN_CREDENTIALS_ISSUED).counter().count();
    }

    @Test
    void aTurnRequestForARegionGetsThatRegionsServers() throws Exception {
        JsonNode reply = request("{\"type\":\"turn.request\",\"id\":\"t-1\",\"region\":\"eu\"}");

        assertThat(reply.get("uris").size()).isEqualTo(1);
        assertThat(reply.get("uris").get(0).asString()).isEqualTo("turn:eu.turn.example:3478?transport=udp");
    }

    @Test
    void aTurnRequestWithoutAnIdIsRefusedAndTheSocketStaysOpen() throws Exception {
        TestDevices devices = new TestDevices(port);
        try (RawSocket socket = devices.connect(devices.register("yusuf", 1))) {
            socket.send("{\"type\":\"turn.request\"}");
            JsonNode error = socket.await(frame -> "error".equals(frame.get("type").asString()));
            assertThat(error.get("code").asString()).isEqualTo("invalid_message");

            socket.send("{\"type\":\"ping\",\"id\":\"p-1\"}");
            assertThat(socket.replyTo("p-1").get("type").asString()).isEqualTo("ack");
        }
    }
}
