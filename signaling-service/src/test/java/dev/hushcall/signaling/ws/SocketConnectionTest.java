package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.DeviceConnection.Outgoing;
import dev.hushcall.signaling.testing.SteppingClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.Test;

/** What a device's socket is sent, and in which order, around the replay of its mailbox. */
class SocketConnectionTest {

    private final List<String> written = new ArrayList<>();
    /** Sends not yet written, when the session holds them: the network taking its time. */
    private final Deque<Callback> inFlight = new ArrayDeque<>();
    /** Timers the connection set, in order, run by hand. */
    private final List<Runnable> timers = new ArrayList<>();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T12:00:00Z"));
    private boolean writesAtOnce = true;
    private boolean aborted;
    private final SocketConnection connection = new SocketConnection(new DeviceAddress("bob", 1), 1, session(),
            new SendWindow(clock, 100_000, 10_000), (task, delayMillis) -> {
                timers.add(task);
                return () -> timers.remove(task);
            });

    /**
     * An open Jetty session that records each text frame it is asked to send and completes the send at once, or,
     * unless {@link #writesAtOnce}, when the test says the network took it.
     */
    private CoreSession session() {
        return (CoreSession) Proxy.newProxyInstance(CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOutputOpen" -> !aborted;
                    case "abort" -> {
                        aborted = true;
                        yield null;
                    }
                    case "sendFrame" -> {
                        written.add(((Frame) args[0]).getPayloadAsUTF8());
                        if (writesAtOnce) {
                            ((Callback) args[1]).succeeded();
                        } else {
                            inFlight.add((Callback) args[1]);
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Outgoing frame(String id) {
        return new Outgoing(id, "{\"id\":\"" + id + "\"}");
    }

    /** A frame of about 20 KB: a fifth of the test's send window. */
    private static Outgoing big(String id) {
        return new Outgoing(id, "{\"id\":\"" + id + "\",\"body\":\"" + "A".repeat(20_000) + "\"}");
    }

    private List<String> writtenIds() {
        return written.stream().map(text -> text.substring(7, text.indexOf('"', 7))).toList();
    }

    /** The network writes the oldest frame in flight. */
    private void networkTakesOne() {
        inFlight.poll().succeeded();
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

    @Test
    void aBacklogGoesOutAsTheDeviceTakesItNeverFillingMoreThanHalfTheWindow() {
        writesAtOnce = false;
        List<Outgoing> backlog = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            backlog.add(big("old-" + i));
        }

        // 50 frames of 20 KB: a megabyte, ten times the 100 KB window, pushed at once would have dropped the device.
        connection.replay(backlog);
        assertThat(writtenIds()).containsExactly("old-0", "old-1");

        networkTakesOne();
        assertThat(writtenIds()).containsExactly("old-0", "old-1", "old-2");
        while (!inFlight.isEmpty()) {
            assertThat(inFlight).hasSizeLessThanOrEqualTo(2);
            networkTakesOne();
        }

        assertThat(writtenIds()).hasSize(50).doesNotHaveDuplicates().startsWith("old-0").endsWith("old-49");
        assertThat(aborted).isFalse();
    }

    @Test
    void liveFramesThatComeDuringTheReplayFollowTheBacklogOnceEach() {
        writesAtOnce = false;
        connection.deliver(big("before"));
        connection.replay(List.of(big("old-1"), big("old-2"), big("old-3")));

        connection.deliver(big("during"));
        connection.deliver(big("old-3"));
        while (!inFlight.isEmpty()) {
            networkTakesOne();
        }
        connection.deliver(frame("after"));

        assertThat(writtenIds()).containsExactly("old-1", "old-2", "old-3", "before", "during", "after");
    }

    @Test
    void repliesStillFitWhileABacklogFillsItsHalfOfTheWindow() {
        writesAtOnce = false;
        connection.replay(List.of(big("old-1"), big("old-2"), big("old-3")));

        connection.reply("{\"id\":\"ack\"}");

        assertThat(writtenIds()).containsExactly("old-1", "old-2", "ack");
        assertThat(aborted).isFalse();
    }

    @Test
    void aDeviceThatTakesNoneOfItsBacklogForTheSendTimeLimitIsDropped() {
        writesAtOnce = false;
        connection.replay(List.of(big("old-1"), big("old-2"), big("old-3"), big("old-4")));
        assertThat(timers).hasSize(1);

        clock.advance(Duration.ofSeconds(6));
        networkTakesOne();
        // Progress: the timer that fires finds frames written 4 s ago and waits on.
        clock.advance(Duration.ofSeconds(4));
        timers.remove(0).run();
        assertThat(aborted).isFalse();
        assertThat(timers).hasSize(1);

        clock.advance(Duration.ofSeconds(7));
        timers.remove(0).run();

        assertThat(aborted).isTrue();
        assertThat(writtenIds()).containsExactly("old-1", "old-2", "old-3");
    }

    @Test
    void noTimerIsLeftOnceTheBacklogIsOut() {
        writesAtOnce = false;
        connection.replay(List.of(big("old-1"), big("old-2"), big("old-3")));
        while (!inFlight.isEmpty()) {
            networkTakesOne();
        }

        assertThat(timers).isEmpty();
    }
}
