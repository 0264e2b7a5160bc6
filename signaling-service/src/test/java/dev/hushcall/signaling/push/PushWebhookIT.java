package dev.hushcall.signaling.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hushcall.client.CallHandle;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An offer for a device with no socket is POSTed to the push webhook, sealed: no SDP in the body. */
@ServiceTest
class PushWebhookIT {

    private static final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private static final HttpServer webhook = start();

    @LocalServerPort
    int port;

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/push", exchange -> {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("hushcall.push.webhook-url",
                () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/push");
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
    }

    @Test
    void offerForAnOfflineDeviceIsPushedAsCiphertextOnly() throws Exception {
        TestDevices devices = new TestDevices(port);
        String sdp = Sdp.audio("push-marker-offer");
        try (Phone a = Phone.connected(port, devices, "alice-push");
             Phone b = Phone.registered(port, devices, "bob-push", null)) {
            CallHandle call = a.client().placeCall("bob-push", sdp);
            call.sent().get(10, TimeUnit.SECONDS);

            String body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).as("webhook called").isNotNull();
            JsonNode push = JsonMapper.builder().build().readTree(body);
            assertThat(push.get("user").asString()).isEqualTo("bob-push");
            assertThat(push.get("deviceId").asInt()).isEqualTo(b.address().deviceId());
            assertThat(push.get("callId").asString()).isEqualTo(call.callId());
            assertThat(push.get("from").get("user").asString()).isEqualTo("alice-push");
            assertThat(push.get("payload").get("cipherType").asInt()).isEqualTo(3);
            assertThat(body).doesNotContain("push-marker-offer").doesNotContain("opus");

            b.client().connect().get(10, TimeUnit.SECONDS);
            assertThat(b.await(Phone.Event.Kind.INCOMING).text()).isEqualTo(sdp);
        }
    }

    @Test
    void connectedDeviceIsNotPushed() throws Exception {
        TestDevices devices = new TestDevices(port);
        try (Phone a = Phone.connected(port, devices, "alice-push2");
             Phone b = Phone.connected(port, devices, "bob-push2")) {
            CallHandle call = a.client().placeCall("bob-push2", Sdp.audio("online"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(Phone.Event.Kind.INCOMING);
            received.removeIf(body -> !body.contains("bob-push2"));
            assertThat(received).as("pushes for a connected device").isEmpty();
        }
    }

    @Test
    void aFloodOfOffersPushesOncePerRingingCallAndDeviceAndNoMore() throws Exception {
        TestDevices devices = new TestDevices(port);
        var mallory = devices.register("mallory-push", 1);
        devices.register("victim-push", 1);
        devices.register("victim-push", 1);
        int rang = 0;
        try (RawSocket attacker = devices.connect(mallory)) {
            for (int i = 0; i < 30; i++) {
                attacker.send("{\"type\":\"call.offer\",\"id\":\"o" + i + "\",\"callId\":\"push-flood-" + i
                        + "\",\"to\":\"victim-push\",\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"AAEC\"},"
                        + "{\"deviceId\":2,\"cipherType\":3,\"body\":\"AAEC\"}]}");
                rang += attacker.replyTo("o" + i).path("type").asString().equals("ack") ? 1 : 0;
            }
        }
        assertThat(rang).as("calls let through: ringing-per-caller").isEqualTo(4);
        List<String> pushes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            String body = received.poll(100, TimeUnit.MILLISECONDS);
            if (body != null && body.contains("victim-push")) {
                pushes.add(body);
            }
        }
        assertThat(pushes).as("one POST per ringing call and offline device").hasSize(rang * 2);
    }
}
