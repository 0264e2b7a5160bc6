package dev.hushcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.presence.PresenceDirectory;
import dev.hushcall.signaling.store.memory.MemoryMailboxStore;
import dev.hushcall.signaling.testing.SteppingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A frame for a device whose node, as the presence directory names it, no longer listens (it died, or lost Redis) is
 * not reported as delivered: it waits in the mailbox, the caller's side treats the device as offline (an offer's push
 * goes out), and the silent node is counted.
 */
class RouterUnheardTest {

    private static final DeviceAddress BOB = new DeviceAddress("bob", 1);
    private static final DeviceAddress ALICE = new DeviceAddress("alice", 1);

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-06T06:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryMailboxStore mailboxes = new MemoryMailboxStore();
    private final RecordingBus bus = new RecordingBus();
    private final Router router = new Router(mailboxes, new Connections(clock), new EveryoneOnNode2(), bus,
            new NodeId(), new DeliveryProperties(Duration.ofSeconds(30), Duration.ofSeconds(5), 2000,
                    DataSize.ofMegabytes(16), 0.25),
            new CallMetrics(registry), clock);

    @Test
    void aFramePublishedToANodeThatListensIsLive() {
        bus.listening = true;

        assertThat(router.deliver(BOB, ice("m-1"))).isEqualTo(Router.Delivery.LIVE);

        assertThat(bus.published).containsExactly("node-2 m-1");
        assertThat(registry.counter("hushcall.bus.unheard").count()).isZero();
    }

    @Test
    void aFramePublishedToANodeNobodyListensForIsQueuedAndCounted() {
        bus.listening = false;

        assertThat(router.deliver(BOB, ice("m-1"))).isEqualTo(Router.Delivery.QUEUED);
        assertThat(router.deliver(BOB, ice("m-2"))).isEqualTo(Router.Delivery.QUEUED);

        assertThat(bus.published).containsExactly("node-2 m-1", "node-2 m-2");
        assertThat(registry.counter("hushcall.bus.unheard").count()).isEqualTo(2);
        assertThat(mailboxes.pending(BOB, clock.instant())).extracting(Envelope::id)
                .as("both wait for bob's next connection").containsExactly("m-1", "m-2");
    }

    private static ServerMessage.Ice ice(String id) {
        return new ServerMessage.Ice(id, "call-1", ALICE, new DevicePayload(1, DevicePayload.SIGNAL_TYPE, "AAAA"));
    }

    /** A bus whose one other node either listens or has gone. */
    private static final class RecordingBus implements NodeBus {
        final List<String> published = new ArrayList<>();
        boolean listening;

        @Override
        public boolean publish(String nodeId, DeviceAddress device, DeviceConnection.Outgoing frame) {
            published.add(nodeId + " " + frame.id());
            return listening;
        }

        @Override
        public void listen(BiConsumer<DeviceAddress, DeviceConnection.Outgoing> receiver, Runnable onResubscribed) {
        }

        @Override
        public void publishRevocation(DeviceAddress device, long generation) {
        }

        @Override
        public void listenForRevocations(BiConsumer<DeviceAddress, Long> receiver, Runnable onResubscribed) {
        }
    }

    /** The directory as it reads while node-2's devices have not yet connected elsewhere. */
    private static final class EveryoneOnNode2 implements PresenceDirectory {
        @Override
        public void online(DeviceAddress device, String nodeId) {
        }

        @Override
        public void offline(DeviceAddress device, String nodeId) {
        }

        @Override
        public Optional<String> nodeOf(DeviceAddress device) {
            return Optional.of("node-2");
        }
    }
}
