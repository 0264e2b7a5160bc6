package dev.hushcall.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.ratelimit.RingingCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CallStore} must do; each implementation's test extends this. */
public abstract class CallStoreContract {

    protected static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final DeviceAddress ALICE = new DeviceAddress("alice", 1);
    private static final DeviceAddress BOB = new DeviceAddress("bob", 1);

    private CallStore store;

    /** A new store, and the ringing sets it keeps ({@link #ringingCalls()}). */
    protected abstract CallStore newStore();

    /** The ringing sets of the store {@link #newStore()} made last. */
    protected abstract RingingCalls ringingCalls();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    /** Admits call {@code callId} of the pair to ring where one call at most may ring per caller and per callee. */
    private RingingCalls.Admission admitOne(String callId, DeviceAddress caller, String callee) {
        var offer = new RingingCalls.Offer(caller, "frame-" + UUID.randomUUID(), NOW.plusSeconds(30), callee, callId,
                NOW.plusSeconds(60));
        return ringingCalls().admit(offer, List.of(), new RingingCalls.Caps(1, 1, 100), NOW);
    }

    /** Admits call {@code callId} from alice where she may be in {@code most} live calls, with room to ring. */
    private RingingCalls.Admission admitWhileIn(int most, String callId, String callee, Instant now) {
        var offer = new RingingCalls.Offer(ALICE, "frame-" + UUID.randomUUID(), now.plusSeconds(30), callee, callId,
                now.plusSeconds(60));
        return ringingCalls().admit(offer, List.of(), new RingingCalls.Caps(10, 10, most), now);
    }

    /** Admits and creates a call that rings alice's only allowed place and bob's. */
    private void ringOne(String callId, DeviceAddress caller, String callee) {
        assertThat(admitOne(callId, caller, callee)).isEqualTo(RingingCalls.Admission.ADMITTED);
        store.create(ringing(callId, caller, callee, NOW.plusSeconds(60)), NOW);
        assertThat(admitOne("call-next", caller, callee)).as("the place is held")
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class);
    }

    @Test
    void anAnsweredCallLeavesItsUsersRingingSets() {
        ringOne("call-0001", ALICE, "bob");
        store.answer("call-0001", 1);
        assertThat(admitOne("call-next", ALICE, "bob")).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void anEndedCallLeavesItsUsersRingingSets() {
        ringOne("call-0001", ALICE, "bob");
        store.end("call-0001", EndReason.DECLINED, BOB, NOW);
        assertThat(admitOne("call-next", ALICE, "bob")).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void bothCallsOfAGlareLeaveTheRingingSetsOfTheCallThatLost() {
        ringOne("call-bbbb", BOB, "alice");
        assertThat(admitOne("call-aaaa", ALICE, "bob")).isEqualTo(RingingCalls.Admission.ADMITTED);
        store.create(ringing("call-aaaa", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(admitOne("call-next", BOB, "carol")).as("bob's call lost glare and left bob's caller set")
                .isEqualTo(RingingCalls.Admission.ADMITTED);

        ringOne("call-dddd", new DeviceAddress("dave", 1), "erin");
        assertThat(admitOne("call-eeee", new DeviceAddress("erin", 1), "dave"))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(store.create(ringing("call-eeee", new DeviceAddress("erin", 1), "dave", NOW.plusSeconds(60)), NOW))
                .isInstanceOf(CallStore.Created.LostGlare.class);
        assertThat(admitOne("call-next", new DeviceAddress("erin", 1), "frank"))
                .as("erin's new call lost glare and left erin's caller set").isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallerInAsManyLiveCallsAsAllowedIsRefusedUntilTheEarliestWouldStop() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(50)), NOW);
        store.answer("call-0001", 1);
        store.create(ringing("call-0002", ALICE, "carol", NOW.plusSeconds(40)), NOW);

        assertThat(admitWhileIn(2, "call-0003", "dave", NOW)).as("the ringing call stops first, at its ring deadline")
                .isEqualTo(new RingingCalls.Admission.InTooManyCalls(40_000));
        assertThat(admitWhileIn(3, "call-0003", "dave", NOW)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallThatEndsNoLongerCountsAgainstItsUsersLiveCalls() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        store.answer("call-0001", 1);
        assertThat(admitWhileIn(1, "call-0002", "carol", NOW))
                .isInstanceOf(RingingCalls.Admission.InTooManyCalls.class);

        store.end("call-0001", EndReason.HANGUP, BOB, NOW.plusSeconds(5));
        assertThat(admitWhileIn(1, "call-0002", "carol", NOW.plusSeconds(5)))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void callsAUserReceivesCountAsTheirsAndACallCountedAlreadyPasses() {
        store.create(ringing("call-0001", BOB, "alice", NOW.plusSeconds(60)), NOW);
        store.answer("call-0001", 1);
        assertThat(admitWhileIn(1, "call-0002", "carol", NOW)).as("alice answered bob's call")
                .isInstanceOf(RingingCalls.Admission.InTooManyCalls.class);

        store.create(ringing("call-0003", ALICE, "carol", NOW.plusSeconds(60)), NOW);
        assertThat(admitWhileIn(2, "call-0003", "carol", NOW)).as("call-0003 is one of alice's two already")
                .isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void anAnsweredCallNobodyHangsUpCountsUntilTheAnsweredLifetimeAfterItsRingDeadline() {
        Instant ringDeadline = NOW.plusSeconds(60);
        store.create(ringing("call-0001", ALICE, "bob", ringDeadline), NOW);
        store.answer("call-0001", 1);
        Instant forgotten = ringDeadline.plus(CallStore.ANSWERED_LIFETIME);

        assertThat(admitWhileIn(1, "call-0002", "carol", forgotten.minusSeconds(1)))
                .isEqualTo(new RingingCalls.Admission.InTooManyCalls(1_000));
        assertThat(admitWhileIn(1, "call-0002", "carol", forgotten)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aRingingCallNobodyEndedStopsCountingAtItsRingDeadline() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(admitWhileIn(1, "call-0002", "carol", NOW.plusSeconds(59)))
                .isInstanceOf(RingingCalls.Admission.InTooManyCalls.class);
        assertThat(admitWhileIn(1, "call-0002", "carol", NOW.plusSeconds(60)))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    private static Call ringing(String callId, DeviceAddress caller, String callee, Instant deadline) {
        return Call.ringing(callId, caller, callee, Set.of(1, 2), deadline);
    }

    @Test
    void createdCallRingsAndCanBeFound() {
        Call call = ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60));
        assertThat(store.create(call, NOW)).isInstanceOf(CallStore.Created.Ringing.class);
        assertThat(store.find("call-0001")).contains(call);
    }

    @Test
    void callIdCannotBeTakenTwice() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(store.create(ringing("call-0001", ALICE, "carol", NOW.plusSeconds(60)), NOW))
                .isInstanceOf(CallStore.Created.Exists.class);
    }

    @Test
    void glareKeepsTheCallWithTheSmallerIdWhicheverArrivesFirst() {
        Call small = ringing("call-aaaa", ALICE, "bob", NOW.plusSeconds(60));
        Call large = ringing("call-bbbb", BOB, "alice", NOW.plusSeconds(60));

        store.create(large, NOW);
        var created = (CallStore.Created.Ringing) store.create(small, NOW);
        assertThat(created.glareLoser()).map(Call::callId).contains("call-bbbb");
        assertThat(created.glareLoser().orElseThrow().state()).as("the loser as it was").isEqualTo(CallState.RINGING);
        assertThat(store.find("call-bbbb").orElseThrow().endReason()).isEqualTo(EndReason.GLARE);

        Call smallFirst = ringing("call-cccc", ALICE, "carol", NOW.plusSeconds(60));
        Call largeSecond = ringing("call-dddd", new DeviceAddress("carol", 1), "alice", NOW.plusSeconds(60));
        store.create(smallFirst, NOW);
        var lost = (CallStore.Created.LostGlare) store.create(largeSecond, NOW);
        assertThat(lost.winner().callId()).isEqualTo("call-cccc");
        assertThat(store.find("call-dddd").orElseThrow().state()).isEqualTo(CallState.ENDED);
        assertThat(store.find("call-cccc").orElseThrow().state()).isEqualTo(CallState.RINGING);
    }

    @Test
    void callsInTheSameDirectionAreNotGlare() {
        store.create(ringing("call-aaaa", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        var second = (CallStore.Created.Ringing) store.create(ringing("call-bbbb", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(second.glareLoser()).isEmpty();
    }

    @Test
    void answeredOppositeCallIsNotGlare() {
        store.create(ringing("call-bbbb", BOB, "alice", NOW.plusSeconds(60)), NOW);
        store.answer("call-bbbb", 1);
        var created = (CallStore.Created.Ringing) store.create(ringing("call-aaaa", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(created.glareLoser()).isEmpty();
    }

    @Test
    void onlyTheFirstAnswerWins() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(store.answer("call-0001", 2).orElseThrow().won()).isTrue();
        CallStore.Claim late = store.answer("call-0001", 1).orElseThrow();
        assertThat(late.won()).isFalse();
        assertThat(late.call().answeredBy()).isEqualTo(2);
    }

    @Test
    void concurrentAnswersHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                String callId = "call-race-" + round;
                store.create(Call.ringing(callId, ALICE, "bob", Set.of(1, 2, 3, 4, 5, 6, 7, 8), NOW.plusSeconds(60)), NOW);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new java.util.ArrayList<>();
                for (int device = 1; device <= 8; device++) {
                    int d = device;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return store.answer(callId, d).orElseThrow().won();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> answer : answers) {
                    winners += answer.get(5, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void answerFromADeviceTheCallDidNotRingLoses() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        assertThat(store.answer("call-0001", 9).orElseThrow().won()).isFalse();
        assertThat(store.find("call-0001").orElseThrow().state()).isEqualTo(CallState.RINGING);
    }

    @Test
    void answerToAnUnknownCallIsEmpty() {
        assertThat(store.answer("call-none", 1)).isEmpty();
    }

    @Test
    void endReturnsTheCallAsItWasOnlyOnce() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        store.answer("call-0001", 1);
        Call before = store.end("call-0001", EndReason.HANGUP, ALICE, NOW).orElseThrow();
        assertThat(before.state()).isEqualTo(CallState.ANSWERED);
        assertThat(store.end("call-0001", EndReason.HANGUP, BOB, NOW)).isEmpty();
        Call ended = store.find("call-0001").orElseThrow();
        assertThat(ended.endReason()).isEqualTo(EndReason.HANGUP);
        assertThat(ended.endedBy()).isEqualTo(ALICE);
    }

    @Test
    void ringingUntilListsOnlyCallsPastTheirDeadlineThatStillRing() {
        store.create(ringing("call-due1", ALICE, "bob", NOW.plusSeconds(10)), NOW);
        store.create(ringing("call-due2", ALICE, "carol", NOW.plusSeconds(20)), NOW);
        store.create(ringing("call-late", ALICE, "dave", NOW.plusSeconds(90)), NOW);
        store.create(ringing("call-done", ALICE, "erin", NOW.plusSeconds(10)), NOW);
        store.answer("call-done", 1);

        assertThat(store.ringingUntil(NOW.plusSeconds(30))).extracting(Call::callId)
                .containsExactlyInAnyOrder("call-due1", "call-due2");
    }

    @Test
    void liveCallsOfAUserAreTheLiveCallsOnEitherSide() {
        store.create(ringing("call-out1", BOB, "carol", NOW.plusSeconds(60)), NOW);
        store.create(ringing("call-in01", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        store.create(ringing("call-ansd", new DeviceAddress("dave", 1), "bob", NOW.plusSeconds(60)), NOW);
        store.answer("call-ansd", 2);
        store.create(ringing("call-gone", new DeviceAddress("erin", 1), "bob", NOW.plusSeconds(60)), NOW);
        store.end("call-gone", EndReason.DECLINED, BOB, NOW);
        store.create(ringing("call-else", ALICE, "carol", NOW.plusSeconds(60)), NOW);

        assertThat(store.liveCallsOf("bob")).extracting(Call::callId)
                .containsExactlyInAnyOrder("call-out1", "call-in01", "call-ansd");
        assertThat(store.liveCallsOf("carol")).extracting(Call::callId)
                .containsExactlyInAnyOrder("call-out1", "call-else");
        assertThat(store.liveCallsOf("nobody")).isEmpty();
    }

    @Test
    void callThatLostGlareIsNotLiveForEitherUser() {
        store.create(ringing("call-aaaa", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        store.create(ringing("call-bbbb", BOB, "alice", NOW.plusSeconds(60)), NOW);

        assertThat(store.liveCallsOf("alice")).extracting(Call::callId).containsExactly("call-aaaa");
        assertThat(store.liveCallsOf("bob")).extracting(Call::callId).containsExactly("call-aaaa");
    }

    @Test
    void deviceTakenOutOfARingingCallCannotAnswerIt() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);

        Call after = store.stopRinging("call-0001", 2).orElseThrow();

        assertThat(after.ringing()).containsExactly(1);
        assertThat(after.state()).isEqualTo(CallState.RINGING);
        assertThat(store.find("call-0001")).contains(after);
        assertThat(store.answer("call-0001", 2)).get().extracting(CallStore.Claim::won).isEqualTo(false);
        assertThat(store.answer("call-0001", 1)).get().extracting(CallStore.Claim::won).isEqualTo(true);
    }

    @Test
    void callLeftRingingNoDeviceStillRingsUntilEnded() {
        store.create(Call.ringing("call-0001", ALICE, "bob", Set.of(2), NOW.plusSeconds(60)), NOW);

        Call after = store.stopRinging("call-0001", 2).orElseThrow();

        assertThat(after.ringing()).isEmpty();
        assertThat(store.find("call-0001").orElseThrow().ringing()).isEmpty();
        assertThat(store.end("call-0001", EndReason.FAILED, null, NOW)).contains(after);
    }

    @Test
    void stoppingARingThatIsNotThereChangesNothing() {
        store.create(ringing("call-0001", ALICE, "bob", NOW.plusSeconds(60)), NOW);
        store.create(ringing("call-0002", ALICE, "carol", NOW.plusSeconds(60)), NOW);
        store.answer("call-0002", 1);

        assertThat(store.stopRinging("call-0001", 3)).isEmpty();
        assertThat(store.stopRinging("call-0002", 2)).isEmpty();
        assertThat(store.stopRinging("call-none", 1)).isEmpty();
        assertThat(store.find("call-0001").orElseThrow().ringing()).containsExactly(1, 2);
        assertThat(store.find("call-0002").orElseThrow().ringing()).containsExactly(1, 2);
    }
}
