package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.SteppingClock;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attacks of issue 15, replayed by one ordinary account against a real node with the default limits: each meets
 * its bound, and the bound is told to the attacker as {@code rate_limited} with when to retry. The clock stands still,
 * so no bucket refills while a test runs; after each test it jumps an hour, and every bucket is full again.
 */
abstract class AbuseContract {

    private static final String BODY = "AAECAwQFBgcICQ==";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    SteppingClock clock;

    private TestDevices devices;
    /** Names unique to this test, so the Redis variant's state from another test never meets it. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        devices = new TestDevices(port);
    }

    @AfterEach
    void refillEveryBucket() {
        clock.advance(Duration.ofHours(1));
    }

    private String user(String name) {
        return name + "-" + run;
    }

    private static String offer(String id, String callId, String to, int... deviceIds) {
        StringBuilder payloads = new StringBuilder("[");
        for (int i = 0; i < deviceIds.length; i++) {
            payloads.append(i == 0 ? "" : ",").append("{\"deviceId\":").append(deviceIds[i])
                    .append(",\"cipherType\":3,\"body\":\"").append(BODY).append("\"}");
        }
        return "{\"type\":\"call.offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"to\":\"" + to
                + "\",\"payloads\":" + payloads + "]}";
    }

    private static String hangup(String id, String callId) {
        return "{\"type\":\"call.hangup\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\"}";
    }

    private static void assertRateLimited(JsonNode reply, String sentence) {
        assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("error");
        assertThat(reply.path("code").asString()).isEqualTo("rate_limited");
        assertThat(reply.path("message").asString()).contains(sentence).contains("try again in");
        assertThat(reply.path("retryAfterMs").asLong()).isPositive();
    }

    @Test
    void oneCallerRingsAtMostFourCallsAtOnceAndNothingPastThemIsQueued() throws Exception {
        var mallory = devices.register(user("mallory"), 1);
        String victim = user("victim");
        for (int i = 0; i < 5; i++) {
            devices.register(victim, 1);
        }
        try (RawSocket attacker = devices.connect(mallory)) {
            List<String> acked = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attacker.send(offer("o" + i, "flood-" + run + "-" + i, victim, 1, 2, 3, 4, 5));
                JsonNode reply = attacker.replyTo("o" + i);
                if (reply.path("type").asString().equals("ack")) {
                    acked.add("flood-" + run + "-" + i);
                } else {
                    // An offer refused for the calls ringing spends no token, so the pair limit never answers.
                    assertRateLimited(reply, "you have 4 calls ringing already");
                }
            }
            assertThat(acked).hasSize(4);
        }
        var victimDevice = new TestDevices.Device(victim, 3, devices.token(victim));
        try (RawSocket phone = devices.connect(victimDevice)) {
            Thread.sleep(500);
            assertThat(phone.drain()).filteredOn(f -> f.path("type").asString().equals("call.offer"))
                    .as("only the calls that ring reached the victim's offline device").hasSize(4);
        }
    }

    @Test
    void aCallerRingsOneUserAtMostTwentyTimesInABurst() throws Exception {
        var mallory = devices.register(user("mallory"), 1);
        var victim = devices.register(user("victim"), 1);
        var other = devices.register(user("other"), 1);
        try (RawSocket attacker = devices.connect(mallory); RawSocket phone = devices.connect(victim)) {
            int rang = 0;
            for (int i = 0; i < 30; i++) {
                String callId = "redial-" + run + "-" + i;
                attacker.send(offer("o" + i, callId, victim.user(), 1));
                JsonNode reply = attacker.replyTo("o" + i);
                if (reply.path("type").asString().equals("ack")) {
                    rang++;
                    attacker.send(hangup("h" + i, callId));
                    attacker.replyTo("h" + i);
                } else {
                    assertRateLimited(reply, "you called this user too often");
                }
            }
            assertThat(rang).isEqualTo(20);
            attacker.send(offer("x", "other-" + run, other.user(), 1));
            assertThat(attacker.replyTo("x").path("type").asString()).as("another callee still rings").isEqualTo("ack");
        }
    }

    @Test
    void callsRingingOneUserAtOnceAreCappedAtEight() throws Exception {
        var victim = devices.register(user("victim"), 1);
        List<TestDevices.Device> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(devices.register(user("caller" + i), 1));
        }
        int acked = 0;
        JsonNode last = null;
        for (TestDevices.Device caller : callers) {
            try (RawSocket socket = devices.connect(caller)) {
                for (int i = 0; i < 4; i++) {
                    socket.send(offer("o" + i, caller.user() + "-" + i, victim.user(), 1));
                    last = socket.replyTo("o" + i);
                    acked += last.path("type").asString().equals("ack") ? 1 : 0;
                }
            }
        }
        assertThat(acked).isEqualTo(8);
        assertRateLimited(last, "this user has 8 calls ringing already");
    }

    @Test
    void twoAccountsCallingEachOtherAreHeldAtSixteenLiveCallsUntilOneHangsUp() throws Exception {
        var mallory = devices.register(user("mallory"), 1);
        var accomplice = devices.register(user("accomplice"), 1);
        try (RawSocket caller = devices.connect(mallory); RawSocket callee = devices.connect(accomplice)) {
            JsonNode refused = null;
            int answered = 0;
            for (int i = 0; i < 17 && refused == null; i++) {
                String callId = "pile-" + run + "-" + i;
                caller.send(offer("o" + i, callId, accomplice.user(), 1));
                JsonNode reply = caller.replyTo("o" + i);
                if (!reply.path("type").asString().equals("ack")) {
                    refused = reply;
                    break;
                }
                callee.send("{\"type\":\"call.answer\",\"id\":\"a" + i + "\",\"callId\":\"" + callId
                        + "\",\"payloads\":[{\"deviceId\":1,\"cipherType\":2,\"body\":\"" + BODY + "\"}]}");
                assertThat(callee.replyTo("a" + i).path("type").asString()).isEqualTo("ack");
                answered++;
            }
            assertThat(answered).isEqualTo(16);
            assertRateLimited(refused, "you are in 16 calls already");

            caller.send(hangup("h", "pile-" + run + "-0"));
            assertThat(caller.replyTo("h").path("type").asString()).isEqualTo("ack");
            caller.send(offer("again", "pile-" + run + "-again", accomplice.user(), 1));
            assertThat(caller.replyTo("again").path("type").asString()).as("a place is free again").isEqualTo("ack");
        }
    }

    @Test
    void aStrangerCannotDrainAVictimsOneTimePrekeys() {
        var victim = devices.register(user("victim"), 30);
        String eve = devices.token(user("eve"));
        int served = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<String> response = get("/v1/keys/" + victim.user(), eve);
            if (response.statusCode() == 200) {
                served++;
            } else {
                refused = response;
            }
        }
        assertThat(served).isEqualTo(10);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("rate_limited");
        JsonNode count = devices.get("/v1/devices/" + victim.deviceId() + "/keys/count", victim.token());
        assertThat(count.path("preKeys").asInt()).as("one-time EC prekeys left").isEqualTo(20);
    }

    @Test
    void aSocketFloodingFramesIsRefusedThenClosedWith1008WhileItsNeighbourIsServed() throws Exception {
        var mallory = devices.register(user("mallory"), 1);
        var carol = devices.register(user("carol"), 1);
        try (RawSocket flood = devices.connect(mallory); RawSocket neighbour = devices.connect(carol)) {
            // As fast as it can, up to the ceiling: the frames-per-socket burst, then as many refused.
            for (int sent = 0; sent < 300; sent++) {
                flood.send("{\"type\":\"ping\",\"id\":\"p" + sent + "\"}");
            }
            List<JsonNode> replies = new ArrayList<>();
            flood.await(f -> replies.add(f) && replies.size() == 300);
            assertThat(replies).filteredOn(f -> f.path("type").asString().equals("ack")).hasSize(200);
            assertThat(replies).filteredOn(f -> f.path("code").asString().equals("rate_limited")).hasSize(100);
            assertThat(replies).as("every refusal names its frame, so the sender knows which to send again")
                    .extracting(f -> f.path("ref").asString())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).mapToObj(i -> "p" + i).toList());
            assertThat(flood.isOpen()).isTrue();

            // One more closes it. (Sent on past this, the frames would arrive after the close, unread, and the
            // server's TCP stack would answer them with a reset, which can overtake the close frame.)
            flood.send("{\"type\":\"ping\",\"id\":\"p300\"}");
            assertThat(flood.awaitClose()).isEqualTo(1008);

            neighbour.send("{\"type\":\"ping\",\"id\":\"n1\"}");
            assertThat(neighbour.replyTo("n1").path("type").asString()).isEqualTo("ack");
        }
    }

    @Test
    void socketTicketsPastTheBurstGet429WithRetryAfter() throws Exception {
        var mallory = devices.register(user("mallory"), 1);
        int issued = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<String> response = post("/v1/ws/ticket", mallory.token(),
                    "{\"deviceId\":" + mallory.deviceId() + "}");
            if (response.statusCode() == 200) {
                issued++;
            } else {
                refused = response;
            }
        }
        assertThat(issued).isEqualTo(60);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void anAddressThatFailsToSignInTooOftenIsRefusedBeforeItsTokenIsChecked() throws Exception {
        String good = devices.token(user("honest"));
        for (int i = 0; i < 30; i++) {
            assertThat(get("/v1/turn/credentials", "not-a-token").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = get("/v1/turn/credentials", "not-a-token");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(post("/v1/ws/ticket", "not-a-token", "{\"deviceId\":1}").statusCode())
                .as("the ticket endpoint counts the same failures").isEqualTo(429);
        assertThat(get("/v1/turn/credentials", good).statusCode())
                .as("even a good token, until the address's bucket refills").isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("/v1/turn/credentials", good).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
