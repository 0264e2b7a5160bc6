package dev.hushcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.presence.PresenceDirectory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MailboxStore} must do; each implementation's test extends this. */
public abstract class MailboxStoreContract {

    /** Near the real time: the Redis store also gives keys real TTLs, which must not be in the past. */
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final DeviceAddress BOB = new DeviceAddress("bob", 1);
    private static final DeviceAddress BOB2 = new DeviceAddress("bob", 2);

    private MailboxStore store;

    protected abstract MailboxStore newStore();

    /**
     * The presence directory a store reads beside its mailboxes ({@link MailboxStore#appendAndLocate}), on the same
     * backend; null for a store that leaves locating to the directory.
     */
    protected PresenceDirectory presenceBeside() {
        return null;
    }

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    private static Envelope envelope(String id, String callId, int secondsToLive) {
        return new Envelope(id, callId, "{\"type\":\"call.ice\",\"id\":\"" + id + "\"}", NOW.plusSeconds(secondsToLive));
    }

    @Test
    void pendingReturnsEnvelopesInTheOrderTheyWereAppended() {
        for (int i = 0; i < 20; i++) {
            store.append(BOB, envelope("m" + i, "call-1", 30));
        }
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
    }

    @Test
    void mailboxesOfTwoDevicesAreSeparate() {
        store.append(BOB, envelope("m1", "call-1", 30));
        store.append(BOB2, envelope("m2", "call-1", 30));
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m1");
        assertThat(store.pending(BOB2, NOW)).extracting(Envelope::id).containsExactly("m2");
    }

    @Test
    void acknowledgedEnvelopeIsRemovedOnce() {
        store.append(BOB, envelope("m1", "call-1", 30));
        store.append(BOB, envelope("m2", "call-1", 30));
        assertThat(store.remove(BOB, "m1")).isTrue();
        assertThat(store.remove(BOB, "m1")).isFalse();
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m2");
    }

    @Test
    void acknowledgedEnvelopesStopBeingPendingWithinMoments() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            store.append(BOB, envelope("m" + i, "call-1", 30));
        }
        for (int i = 0; i < 50; i += 2) {
            store.acknowledge(BOB, "m" + i);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        while (store.pending(BOB, NOW).size() > 25 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).filter(i -> i % 2 == 1)
                        .mapToObj(i -> "m" + i).toList());
    }

    @Test
    void expiredEnvelopesAreNotPendingAndArePurged() {
        store.append(BOB, envelope("short", "call-1", 5));
        store.append(BOB, envelope("long", "call-1", 60));
        assertThat(store.pending(BOB, NOW.plusSeconds(5))).extracting(Envelope::id).containsExactly("long");
        store.purgeExpired(NOW.plusSeconds(10));
        assertThat(store.pending(BOB, NOW.plusSeconds(10))).extracting(Envelope::id).containsExactly("long");
    }

    @Test
    void removeCallDropsOnlyThatCallsEnvelopes() {
        store.append(BOB, envelope("m1", "call-1", 30));
        store.append(BOB, envelope("m2", "call-2", 30));
        store.append(BOB, envelope("m3", "call-1", 30));
        store.removeCall(List.of(BOB), "call-1");
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m2");
    }

    @Test
    void removeCallDropsThatCallsEnvelopesFromEveryDeviceNamed() {
        DeviceAddress alice = new DeviceAddress("alice", 1);
        DeviceAddress bobTablet = new DeviceAddress("bob", 2);
        store.append(BOB, envelope("m1", "call-1", 30));
        store.append(alice, envelope("m2", "call-1", 30));
        store.append(alice, envelope("m3", "call-2", 30));
        store.append(bobTablet, envelope("m4", "call-1", 30));

        store.removeCall(List.of(BOB, alice), "call-1");

        assertThat(store.pending(BOB, NOW)).isEmpty();
        assertThat(store.pending(alice, NOW)).extracting(Envelope::id).containsExactly("m3");
        assertThat(store.pending(bobTablet, NOW)).extracting(Envelope::id).containsExactly("m4");
    }

    @Test
    void framesWithPipesAndUnicodeSurviveTheRoundTrip() {
        Envelope odd = new Envelope("m|1", "call-1", "{\"a\":\"x|y|z ☎\"}", NOW.plusSeconds(30));
        store.append(BOB, odd);
        assertThat(store.pending(BOB, NOW)).containsExactly(odd);
    }

    @Test
    void unknownDeviceHasNothingPending() {
        assertThat(store.pending(new DeviceAddress("nobody", 1), NOW)).isEmpty();
    }

    @Test
    void aFrameThatWouldPassTheFrameCapIsRefusedAndNotQueued() {
        MailboxStore.Capacity threeFrames = new MailboxStore.Capacity(3, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            assertThat(store.append(BOB, envelope("m" + i, "call-1", 30), threeFrames)).isTrue();
        }
        assertThat(store.append(BOB, envelope("m3", "call-1", 30), threeFrames)).isFalse();
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m0", "m1", "m2");
        assertThat(store.append(BOB2, envelope("m4", "call-1", 30), threeFrames)).as("another device's mailbox").isTrue();
        store.remove(BOB, "m0");
        assertThat(store.append(BOB, envelope("m5", "call-1", 30), threeFrames)).as("room again").isTrue();
    }

    @Test
    void anAppendThatSendsQueuesLikeAnyAppendAndNamesTheNodeOfTheDeviceWhereTheStoreKnowsIt() {
        MailboxStore.Capacity twoFrames = new MailboxStore.Capacity(2, Long.MAX_VALUE);
        var presence = presenceBeside();
        if (presence != null) {
            presence.online(BOB, "node-b");
        }

        MailboxStore.Appended first = store.appendAndSend(BOB, envelope("m1", "call-1", 30), twoFrames, "node-a");
        MailboxStore.Appended toBob2 = store.appendAndSend(BOB2, envelope("m2", "call-1", 30), twoFrames, "node-a");
        store.append(BOB, envelope("m3", "call-1", 30), twoFrames);
        MailboxStore.Appended full = store.appendAndSend(BOB, envelope("m4", "call-1", 30), twoFrames, "node-a");

        assertThat(first.stored()).isTrue();
        assertThat(full.stored()).isFalse();
        assertThat(full.published()).as("nothing stored, nothing sent").isEqualTo(MailboxStore.Published.NOT_TRIED);
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m1", "m3");
        assertThat(store.pending(BOB2, NOW)).extracting(Envelope::id).containsExactly("m2");
        assertThat(toBob2.published()).as("connected nowhere").isEqualTo(MailboxStore.Published.NOT_TRIED);
        if (presence == null) {
            assertThat(first.located()).as("left to the directory").isFalse();
        } else {
            assertThat(first.located()).isTrue();
            assertThat(first.node()).contains("node-b");
            assertThat(first.published()).as("node-b is not listening").isNotEqualTo(MailboxStore.Published.HEARD);
            assertThat(toBob2.located()).isTrue();
            assertThat(toBob2.node()).as("bob's second device is connected nowhere").isEmpty();
        }
    }

    @Test
    void aFrameThatWouldPassTheByteCapIsRefusedAndNotQueued() {
        String big = "x".repeat(100_000);
        MailboxStore.Capacity quarterMegabyte = new MailboxStore.Capacity(1000, 250_000);
        assertThat(store.append(BOB, new Envelope("a", "call-1", big, NOW.plusSeconds(30)), quarterMegabyte)).isTrue();
        assertThat(store.append(BOB, new Envelope("b", "call-1", big, NOW.plusSeconds(30)), quarterMegabyte)).isTrue();
        assertThat(store.append(BOB, new Envelope("c", "call-1", big, NOW.plusSeconds(30)), quarterMegabyte)).isFalse();
        assertThat(store.append(BOB, envelope("small", "call-1", 30), quarterMegabyte)).as("a small one fits").isTrue();
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("a", "b", "small");
    }

    @Test
    void droppedMailboxHoldsNothingAndTheNextEnvelopeStartsAfresh() {
        store.append(BOB, envelope("m1", "call-1", 30));
        store.append(BOB, envelope("m2", "call-2", 300));
        store.append(BOB2, envelope("m3", "call-1", 30));

        store.drop(BOB);

        assertThat(store.pending(BOB, NOW)).isEmpty();
        assertThat(store.pending(BOB2, NOW)).extracting(Envelope::id).containsExactly("m3");
        store.append(BOB, envelope("m4", "call-3", 30));
        assertThat(store.pending(BOB, NOW)).extracting(Envelope::id).containsExactly("m4");
    }

    @Test
    void droppingAnEmptyMailboxChangesNothing() {
        store.drop(new DeviceAddress("nobody", 1));

        assertThat(store.pending(new DeviceAddress("nobody", 1), NOW)).isEmpty();
    }
}
