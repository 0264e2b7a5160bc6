package dev.hushcall.signaling.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.routing.Envelope;
import dev.hushcall.signaling.routing.MailboxStore;
import dev.hushcall.signaling.routing.MailboxStoreContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryMailboxStoreTest extends MailboxStoreContract {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final MailboxStore.Capacity ROOMY = new MailboxStore.Capacity(1000, 1_000_000);

    @Override
    protected MailboxStore newStore() {
        return new MemoryMailboxStore();
    }

    private static Envelope kilobyte(String id, String callId, int secondsToLive) {
        return new Envelope(id, callId, "x".repeat(1000), NOW.plusSeconds(secondsToLive));
    }

    @Test
    void allMailboxesTogetherHoldNoMoreThanTheNodesBudget() {
        MemoryMailboxStore store = new MemoryMailboxStore(2500);
        for (int device = 1; device <= 2; device++) {
            assertThat(store.append(new DeviceAddress("bob", device), kilobyte("m" + device, "c", 30), ROOMY)).isTrue();
        }
        assertThat(store.append(new DeviceAddress("carol", 1), kilobyte("m3", "c", 30), ROOMY))
                .as("a third kilobyte, for any device, passes 2,500 bytes").isFalse();
        assertThat(store.bytesHeld()).isEqualTo(2000);
    }

    @Test
    void everyWayAFrameLeavesGivesItsBytesBackToTheBudget() {
        MemoryMailboxStore store = new MemoryMailboxStore(10_000);
        DeviceAddress bob = new DeviceAddress("bob", 1);
        store.append(bob, kilobyte("acked", "c1", 30), ROOMY);
        store.append(bob, kilobyte("ended", "c2", 30), ROOMY);
        store.append(bob, kilobyte("expired", "c3", 5), ROOMY);
        store.append(new DeviceAddress("bob", 2), kilobyte("revoked", "c1", 30), ROOMY);
        assertThat(store.bytesHeld()).isEqualTo(4000);

        store.remove(bob, "acked");
        store.removeCall(List.of(bob), "c2");
        store.purgeExpired(NOW.plusSeconds(6));
        store.drop(new DeviceAddress("bob", 2));
        assertThat(store.bytesHeld()).isZero();
    }
}
