package dev.hushcall.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.protocol.ServerMessage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real java.net.http socket against a minimal in-test WebSocket server; time moves by hand. */
class WebSocketTransportTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<ServerMessage.Delivered> delivered = new LinkedBlockingQueue<>();
    private final AtomicInteger tickets = new AtomicInteger();
    private MiniWebSocketServer server;
    private WebSocketTransport transport;

    @AfterEach
    void stop() throws Exception {
        transport.close();
        server.close();
        executor.shutdownNow();
    }

    @Test
    void anUnackedFrameIsResentWithTheSameIdOnAFreshTicketAfterADrop() throws Exception {
        start();
        var offer = new ClientMessage.Offer("m-42", "call-12345678", "bob",
                List.of(new DevicePayload(1, DevicePayload.PREKEY_TYPE, "AAAA")));
        CompletableFuture<Void> sent = transport.send(offer);
        assertThat(next()).contains("\"id\":\"m-42\"");

        transport.dropConnection();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(next()).contains("\"id\":\"m-42\"");
        assertThat(server.requestLines.take()).contains("ticket=t1");
        assertThat(server.requestLines.take()).contains("ticket=t2");
        server.sendText("{\"type\":\"ack\",\"ref\":\"m-42\"}");
        sent.get(5, TimeUnit.SECONDS);
        assertThat(transport.pendingFrames()).isZero();
    }

    @Test
    void anErrorFrameFailsTheSendWithItsCodeAndDevices() throws Exception {
        start();
        CompletableFuture<Void> sent = transport.send(new ClientMessage.Hangup("m-7", "call-12345678"));
        next();
        server.sendText(ProtocolJson.encode(new ServerMessage.Error(ErrorCode.DEVICE_MISMATCH, "stale", "m-7",
                List.of(2), List.of(3))));

        Throwable failure = sent.handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOfSatisfying(HushcallException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_MISMATCH);
            assertThat(e.missingDevices()).containsExactly(2);
            assertThat(e.extraDevices()).containsExactly(3);
        });
    }

    @Test
    void turnCredentialsAskedOnTheSocketCompleteWithTheFrameThatAnswersThem() throws Exception {
        start();
        CompletableFuture<ServerMessage.TurnCredentials> asked = transport.turnCredentials("eu");
        String request = next();
        assertThat(request).contains("\"type\":\"turn.request\"").contains("\"region\":\"eu\"");
        String id = request.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        server.sendText("{\"type\":\"turn.credentials\",\"ref\":\"" + id
                + "\",\"username\":\"1767225600:abc\",\"password\":\"cHc=\",\"ttl\":600,\"uris\":[]}");

        assertThat(asked.get(5, TimeUnit.SECONDS).username()).isEqualTo("1767225600:abc");
    }

    @Test
    void turnCredentialsAnsweredWithAPlainAckFailInsteadOfHanging() throws Exception {
        start();
        CompletableFuture<ServerMessage.TurnCredentials> asked = transport.turnCredentials(null);
        String id = next().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        server.sendText("{\"type\":\"ack\",\"ref\":\"" + id + "\"}");

        assertThat(asked.handle((ok, failure) -> failure).get(5, TimeUnit.SECONDS)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void deliveredFramesReachTheListenerAndAcksGoBack() throws Exception {
        start();
        server.sendText(ProtocolJson.encode(new ServerMessage.Ended("s-1", "call-12345678", EndReason.BUSY,
                new DeviceAddress("bob", 1))));

        ServerMessage.Delivered frame = delivered.poll(5, TimeUnit.SECONDS);
        assertThat(frame).isInstanceOf(ServerMessage.Ended.class);
        transport.acknowledge(frame.id());
        scheduler.advance(WebSocketTransport.ACK_DELAY);
        assertThat(next()).isEqualTo("{\"type\":\"ack\",\"ref\":\"s-1\"}");
    }

    @Test
    void framesHandledTogetherAreAcknowledgedInOneFrame() throws Exception {
        start();
        transport.acknowledge("s-1");
        transport.acknowledge("s-2");
        transport.acknowledge("s-3");
        assertThat(server.received.poll(200, TimeUnit.MILLISECONDS)).as("nothing before the delay").isNull();

        scheduler.advance(WebSocketTransport.ACK_DELAY);

        assertThat(next()).isEqualTo("{\"type\":\"ack\",\"refs\":[\"s-1\",\"s-2\",\"s-3\"]}");
    }

    @Test
    void aRevokedDeviceStopsForGoodReportsItAndFailsWhatWasPending() throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        start(new ConnectionListener() {
            @Override
            public void onDelivered(ServerMessage.Delivered frame) {
                delivered.add(frame);
            }

            @Override
            public void onError(Throwable error) {
                errors.add(error);
            }
        });
        CompletableFuture<Void> pending = transport.send(new ClientMessage.Ping("p-1"));
        assertThat(next()).contains("p-1");

        server.sendClose(WebSocketTransport.REVOKED);

        Throwable reported = errors.poll(5, TimeUnit.SECONDS);
        assertThat(reported).isInstanceOf(HushcallException.class);
        assertThat(((HushcallException) reported).code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        assertThat(pending).failsWithin(Duration.ofSeconds(5));
        assertThat(transport.state()).isEqualTo(ConnectionState.CLOSED);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(tickets.get()).isEqualTo(1);
    }

    @Test
    void aDeviceWhoseTicketsAreRefusedAsUnknownStopsInsteadOfLooping() throws Exception {
        server = new MiniWebSocketServer();
        transport = new WebSocketTransport(TransportConfig.DEFAULT, HttpClient.newHttpClient(), () -> {
            if (tickets.incrementAndGet() > 1) {
                throw new HushcallException(ErrorCode.UNKNOWN_DEVICE, "you have no device 2", 404);
            }
            return server.uri("t1");
        }, scheduler, executor, delivered::add);
        transport.connect().get(5, TimeUnit.SECONDS);

        transport.dropConnection();
        scheduler.advance(Duration.ofSeconds(1));

        for (int i = 0; i < 50 && transport.state() != ConnectionState.CLOSED; i++) {
            Thread.sleep(20);
        }
        assertThat(transport.state()).isEqualTo(ConnectionState.CLOSED);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(tickets.get()).isEqualTo(2);
    }

    private void start() throws Exception {
        start(delivered::add);
    }

    private void start(ConnectionListener listener) throws Exception {
        server = new MiniWebSocketServer();
        transport = new WebSocketTransport(TransportConfig.DEFAULT, HttpClient.newHttpClient(),
                () -> server.uri("t" + tickets.incrementAndGet()), scheduler, executor, listener);
        transport.connect().get(5, TimeUnit.SECONDS);
    }

    private String next() throws InterruptedException {
        return server.received.poll(5, TimeUnit.SECONDS);
    }
}
