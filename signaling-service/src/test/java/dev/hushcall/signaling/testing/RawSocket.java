package dev.hushcall.signaling.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bare WebSocket client that sends whatever text a test gives it, broken frames included, and
 * collects every frame it receives. The SDK never sends a malformed frame; this does.
 */
public final class RawSocket implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One client for all sockets: each HttpClient has its own selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private RawSocket(URI uri) {
        this.socket = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).join();
    }

    public static RawSocket open(URI uri) {
        return new RawSocket(uri);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame that matches, skipping (and keeping nothing of) others; fails after 5 s. */
    public JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<JsonNode> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode frame = received.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null && match.test(frame)) {
                return frame;
            }
            if (frame != null) {
                skipped.add(frame);
            }
        }
        throw new AssertionError("no matching frame within 5 s; received " + skipped);
    }

    /** The reply (ack or error) to the frame with this id. */
    public JsonNode replyTo(String id) throws InterruptedException {
        return await(f -> id.equals(f.path("ref").asString(null)));
    }

    /**
     * Sends {@code ping} with {@code id} and returns every frame that came before its ack: the server answers a ping
     * after whatever it sent before, so this is all that was pending or delivered until now.
     */
    public List<JsonNode> framesBeforePing(String id) throws InterruptedException {
        List<JsonNode> frames = new ArrayList<>();
        send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        await(frame -> {
            frames.add(frame);
            return id.equals(frame.path("ref").asString(null));
        });
        return frames.subList(0, frames.size() - 1);
    }

    /** Frames received so far and not yet taken. */
    public List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close code the server sent, waiting up to 5 s. */
    public int awaitClose() throws Exception {
        return closed.get(5, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
