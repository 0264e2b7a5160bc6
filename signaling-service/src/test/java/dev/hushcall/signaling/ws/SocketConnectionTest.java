package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection.Outgoing;
import dev.hushcall.signaling.testing.SteppingClock;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.Test;

/** What a device's socket is sent, and in which order, around the replay of its mailbox. */
class SocketConnectionTest {

    private final List<String> written = new ArrayList<>();
    private final SocketConnection connection = new SocketConnection(new DeviceAddress("bob", 1), 1, session(),
            new SendWindow(new SteppingClock(Instant.parse("2026-11-25T12:00:00Z")), 100_000, 10_000));

    /** An open Jetty session that records each text frame it is asked to send and completes the send at once. */
    private CoreSession session() {
        return (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOutputOpen" -> true;
                    case "sendFrame" -> {
                        written.add(((Frame) args[0]).getPayloadAsUTF8());
                        ((Callback) args[1]).succeeded();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Outgoing frame(String id) {
        return new Outgoing(id, "{\"id\":\"" + id + "\"}");
    }

    @Test
    void aLiveFrameThatComesBeforeTheReplayIsSentAfterIt() {
        // Queued after the router read the mailbox for the replay, so the replay does not hold it.
        connection.deliver(frame("live"));

        connection.replay(List.of(frame("old-1"), frame("old-2")));

        assertThat(written).containsExactly("{\"id\":\"old-1\"}", "{\"id\":\"old-2\"}", "{\"id\":\"live\"}");
    }

    @Test
    void aFrameBothReplayedAndDeliveredLiveIsSentOnce() {
        connection.deliver(frame("both"));

        connection.replay(List.of(frame("both")));
        connection.deliver(frame("both"));

        assertThat(written).containsExactly("{\"id\":\"both\"}");
    }

    @Test
    void afterTheReplayLiveFramesGoOutAsTheyCome() {
        connection.replay(List.of());

        connection.deliver(frame("a"));
        connection.deliver(frame("b"));

        assertThat(written).containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\"}");
    }
}
