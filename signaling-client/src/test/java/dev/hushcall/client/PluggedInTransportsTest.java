package dev.hushcall.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.api.HttpTransport;
import dev.hushcall.client.keys.KeyPolicy;
import dev.hushcall.client.store.InMemoryKeyValueStore;
import dev.hushcall.client.testing.TestDevice;
import dev.hushcall.client.transport.ManualScheduler;
import dev.hushcall.client.transport.WebSocketTransport;
import dev.hushcall.client.transport.WebSocketFactory;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client built the way an Android app builds it: its own REST and WebSocket adapters instead of
 * java.net.http. Every task runs when the test drains the queue, so nothing waits.
 */
class PluggedInTransportsTest {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final FakeRest rest = new FakeRest();
    private final FakeSockets sockets = new FakeSockets();
    private final List<String> heard = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final HushcallClient client = HushcallClient.builder()
            .baseUri(URI.create("https://calls.example.com/base")).user("alice").token(() -> "jwt-1")
            .store(new InMemoryKeyValueStore()).clock(TestDevice.CLOCK).keyPolicy(new KeyPolicy(2, 3))
            .executor(tasks::add).scheduler(scheduler)
            .httpTransport(rest).webSocketFactory(sockets)
            .listener(new CallListener() {
                @Override
                public void onConnectionChanged(boolean connected) {
                    heard.add("connected: " + connected);
                }

                @Override
                public void onEnded(String callId, EndReason reason) {
                    heard.add("ended " + callId + ": " + reason.wireName());
                }
            })
            .build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void restSocketAndCallsAllTravelThroughThePluggedInAdapters() {
        rest.reply("POST /base/v1/devices", 201, "{\"deviceId\":1}");
        rest.reply("POST /base/v1/ws/ticket", 200, "{\"ticket\":\"t-1\",\"expiresInSeconds\":30}");
        rest.reply("GET /base/v1/devices/1/keys/count", 200, "{\"preKeys\":3,\"kyberPreKeys\":3}");
        rest.reply("GET /base/v1/keys/bob", 200,
                ProtocolJson.mapper().writeValueAsString(TestDevice.bundles(TestDevice.create("bob", 1))));

        assertThat(client.register()).isEqualTo(1);
        CompletableFuture<Void> connected = client.connect();
        drain();
        assertThat(sockets.opened).containsExactly(URI.create("wss://calls.example.com/base/v1/ws?ticket=t-1"));
        sockets.events.onOpen(sockets.socket);
        drain();
        assertThat(connected).isCompleted();

        CallHandle call = client.placeCall("bob", "v=0 offer");
        drain();
        ClientMessage.Offer offer = (ClientMessage.Offer) ProtocolJson.decodeClient(sockets.socket.sent.get(0));
        assertThat(offer.callId()).isEqualTo(call.callId());
        sockets.events.onText("{\"type\":\"ack\",\"ref\":\"" + offer.id() + "\"}");
        assertThat(call.sent()).isCompleted();

        sockets.events.onText(ProtocolJson.encode(new ServerMessage.Ended("s-1", call.callId(), EndReason.TIMEOUT, null)));
        drain();
        assertThat(heard).containsExactly("connected: true", "ended " + call.callId() + ": timeout");
        scheduler.advance(WebSocketTransport.ACK_DELAY);
        assertThat(sockets.socket.sent).endsWith("{\"type\":\"ack\",\"ref\":\"s-1\"}");
        assertThat(rest.requests).extracting(HttpTransport.Request::toString).containsExactly(
                "Request[POST /base/v1/devices]", "Request[POST /base/v1/ws/ticket]",
                "Request[GET /base/v1/devices/1/keys/count]", "Request[GET /base/v1/keys/bob]");
        assertThat(rest.requests).allSatisfy(r -> assertThat(r.headers()).containsEntry("Authorization", "Bearer jwt-1"));
    }

    @Test
    void aRequestPrintsWithoutItsBearerTokenOrBody() {
        var request = new HttpTransport.Request("PUT", URI.create("https://calls.example.com/v1/devices/1/keys"),
                Map.of("Authorization", "Bearer jwt-1"), "{\"identityKey\":\"BQ\"}");

        assertThat(request.toString()).isEqualTo("Request[PUT /v1/devices/1/keys]");
    }

    private void drain() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    /** Answers each "METHOD path" with a canned response; 404 for anything else. */
    private static final class FakeRest implements HttpTransport {
        final List<Request> requests = new ArrayList<>();
        private final Map<String, Response> replies = new HashMap<>();

        void reply(String call, int status, String body) {
            replies.put(call, new Response(status, body));
        }

        @Override
        public Response execute(Request request) {
            requests.add(request);
            return replies.getOrDefault(request.method() + " " + request.uri().getRawPath(),
                    new Response(404, "{\"code\":\"unknown_device\",\"message\":\"no reply set\"}"));
        }
    }

    /** Hands the test the events of the one socket the transport opens. */
    private static final class FakeSockets implements WebSocketFactory {
        final List<URI> opened = new ArrayList<>();
        final FakeSocket socket = new FakeSocket();
        Events events;

        @Override
        public void open(URI uri, Duration connectTimeout, Events events) {
            opened.add(uri);
            this.events = events;
        }
    }

    private static final class FakeSocket implements WebSocketFactory.Socket {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void abort() {
        }
    }
}
