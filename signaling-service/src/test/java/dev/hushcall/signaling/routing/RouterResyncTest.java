package dev.hushcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.presence.Connections;
import dev.hushcall.signaling.presence.DeviceConnection;
import dev.hushcall.signaling.presence.NodeId;
import dev.hushcall.signaling.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * After the node bus resubscribes, every local device's mailbox is read again (frames published meanwhile were
 * missed); a read that fails, as against a Redis still loading its data after a restart, is tried again each second
 * until it succeeds.
 */
class RouterResyncTest {

    private static final DeviceAddress BOB = new DeviceAddress("bob", 1);

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-06T05:00:00Z"));
    private final Connections connections = new Connections(clock);
    private final LoadingThenReadyMailboxes mailboxes = new LoadingThenReadyMailboxes(1);
    private final Router router = new Router(mailboxes, connections, null, null, new NodeId(),
            new DeliveryProperties(Duration.ofSeconds(30), Duration.ofSeconds(5), 2000, DataSize.ofMegabytes(16), 0.25),
            null, clock);

    @Test
    void aMailboxReReadThatFailsIsTriedAgainUntilItSucceedsAndThenNoMore() {
        RecordingSocket bob = new RecordingSocket(BOB);
        connections.attach(bob);

        router.resync();
        assertThat(bob.delivered).as("the first read failed").isEmpty();

        router.retryResync();
        assertThat(bob.delivered).extracting(DeviceConnection.Outgoing::id).containsExactly("missed-1");

        router.retryResync();
        assertThat(mailboxes.reads.get()).as("read once more after the failure, then left alone").isEqualTo(2);
    }

    @Test
    void aDeviceThatLeftBeforeTheRetryIsNotReadAgain() {
        RecordingSocket bob = new RecordingSocket(BOB);
        connections.attach(bob);
        router.resync();

        connections.detach(bob);
        router.retryResync();
        router.retryResync();

        assertThat(mailboxes.reads.get()).isEqualTo(1);
    }

    /** A mailbox store whose first reads fail as a loading Redis refuses them; it holds one missed frame for bob. */
    private static final class LoadingThenReadyMailboxes implements MailboxStore {
        private final int failures;
        final AtomicInteger reads = new AtomicInteger();

        LoadingThenReadyMailboxes(int failures) {
            this.failures = failures;
        }

        @Override
        public List<Envelope> pending(DeviceAddress device, Instant now) {
            if (reads.incrementAndGet() <= failures) {
                throw new Unavailable("Redis refused reading a mailbox for now", null);
            }
            return List.of(new Envelope("missed-1", "call-1", "{}", now.plusSeconds(30)));
        }

        @Override
        public boolean append(DeviceAddress device, Envelope envelope, Capacity capacity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(DeviceAddress device, String envelopeId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeCall(List<DeviceAddress> devices, String callId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void drop(DeviceAddress device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void purgeExpired(Instant now) {
        }
    }

    private record RecordingSocket(DeviceAddress device, List<Outgoing> delivered) implements DeviceConnection {
        RecordingSocket(DeviceAddress device) {
            this(device, new ArrayList<>());
        }

        @Override
        public long generation() {
            return 1;
        }

        @Override
        public void deliver(Outgoing frame) {
            delivered.add(frame);
        }

        @Override
        public void replay(List<Outgoing> pending) {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
