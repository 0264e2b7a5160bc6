package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.Settled;
import dev.hushcall.signaling.ws.ReplyCache;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RingingCalls} must do; each implementation's test extends this. */
public abstract class RingingCallsContract {

    /** Near the real time: the Redis store gives keys real TTLs computed from it. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** The cap on live calls counts the call store's index, which these tests leave empty (CallStoreContract). */
    private static final int NO_LIVE_CAP = 1000;
    private static final RingingCalls.Caps TWO_EACH = new RingingCalls.Caps(2, 2, NO_LIVE_CAP);
    private static final RateLimitStore.Take TWO_OFFERS =
            new RateLimitStore.Take(Limit.OFFERS_PER_DEVICE, "1", new Bucket(2, Duration.ofSeconds(10)));

    private RingingCalls ringing;

    protected abstract RingingCalls newStore();

    /** Where the store {@link #newStore()} made last claims frame ids, to mark them done as a handler does. */
    protected abstract ReplyCache replies();

    /** Admits until the answer is not pending: a done mark may land moments after {@link ReplyCache#done}. */
    private RingingCalls.Admission settled(String frameId, String caller, String callee, String callId,
                                           RingingCalls.Caps caps, RateLimitStore.Take... takes) throws Exception {
        return Settled.answer(() -> admitFrame(frameId, caller, callee, callId, NOW.plusSeconds(60), caps, NOW, takes),
                admission -> admission instanceof RingingCalls.Admission.Pending);
    }

    @BeforeEach
    void setUp() {
        ringing = newStore();
    }

    private RingingCalls.Admission admit(String caller, String callee, String callId, Instant until,
                                         RingingCalls.Caps caps, Instant now, RateLimitStore.Take... takes) {
        return admitFrame("frame-" + UUID.randomUUID(), caller, callee, callId, until, caps, now, takes);
    }

    private RingingCalls.Admission admitFrame(String frameId, String caller, String callee, String callId,
                                              Instant until, RingingCalls.Caps caps, Instant now,
                                              RateLimitStore.Take... takes) {
        var offer = new RingingCalls.Offer(new DeviceAddress(caller, 1), frameId, now.plusSeconds(30), callee, callId,
                until);
        return ringing.admit(offer, List.of(takes), caps, now);
    }

    private RingingCalls.Admission admit(String caller, String callee, String callId, RingingCalls.Caps caps) {
        return admit(caller, callee, callId, NOW.plusSeconds(60), caps, NOW);
    }

    @Test
    void pastTheMostAllowedPerCalleeACallIsRefusedWithTheWaitUntilTheEarliestStopsRinging() {
        assertThat(admit("alice", "bob", "c1", NOW.plusSeconds(60), TWO_EACH, NOW)).isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("carol", "bob", "c2", NOW.plusSeconds(50), TWO_EACH, NOW)).isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("dave", "bob", "c3", TWO_EACH))
                .isEqualTo(new RingingCalls.Admission.TooManyRinging(RingingCalls.Side.CALLEE, 50_000));
    }

    @Test
    void pastTheMostAllowedPerCallerACallIsRefusedTheSameWay() {
        admit("alice", "bob", "c1", NOW.plusSeconds(40), TWO_EACH, NOW);
        admit("alice", "carol", "c2", TWO_EACH);
        assertThat(admit("alice", "dave", "c3", TWO_EACH))
                .isEqualTo(new RingingCalls.Admission.TooManyRinging(RingingCalls.Side.CALLER, 40_000));
    }

    @Test
    void anOfferPastItsBucketIsRefusedByIndexAndCountsOnNeitherSide() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        var pair = new RateLimitStore.Take(Limit.OFFERS_PER_PAIR, "bob", new Bucket(1, Duration.ofSeconds(10)));
        assertThat(admit("alice", "bob", "c1", NOW.plusSeconds(60), TWO_EACH, NOW, TWO_OFFERS, pair))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("alice", "bob", "c2", NOW.plusSeconds(60), TWO_EACH, NOW, TWO_OFFERS, pair))
                .isEqualTo(new RingingCalls.Admission.OverRate(1, 10_000));
        ringing.remove(RingingCalls.entries("alice", "bob", "c1"));
        assertThat(admit("alice", "carol", "c3", one)).as("c2 never counted for alice").isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("dave", "bob", "c4", one)).as("nor for bob").isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallerAtItsRingingCapSpendsNoToken() {
        var oneCall = new RingingCalls.Caps(1, 2, NO_LIVE_CAP);
        assertThat(admit("alice", "bob", "c1", NOW.plusSeconds(60), oneCall, NOW, TWO_OFFERS))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("alice", "carol", "c2", NOW.plusSeconds(60), oneCall, NOW, TWO_OFFERS))
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class);
        ringing.remove(RingingCalls.entries("alice", "bob", "c1"));
        assertThat(admit("alice", "carol", "c2", NOW.plusSeconds(60), oneCall, NOW, TWO_OFFERS))
                .as("the second of two tokens is still there").isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallRefusedByItsCalleesSideDoesNotCountForItsCaller() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admit("carol", "bob", "c1", one);
        assertThat(admit("alice", "bob", "c2", one))
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class)
                .extracting(r -> ((RingingCalls.Admission.TooManyRinging) r).side()).isEqualTo(RingingCalls.Side.CALLEE);
        assertThat(admit("alice", "dave", "c3", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aFrameSentAgainWhileItsFirstIsHandledWaitsThenIsARepeatAndNeitherTakesAnything() throws Exception {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        Instant until = NOW.plusSeconds(60);
        assertThat(admitFrame("f1", "alice", "bob", "c1", until, one, NOW, TWO_OFFERS))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admitFrame("f1", "alice", "bob", "c1", until, one, NOW.plusMillis(500), TWO_OFFERS))
                .isEqualTo(new RingingCalls.Admission.Pending(ReplyCache.LEASE.toMillis() - 500));
        replies().done(new DeviceAddress("alice", 1), "f1");
        assertThat(settled("f1", "alice", "bob", "c1", one, TWO_OFFERS)).isEqualTo(RingingCalls.Admission.REPEAT);
        ringing.remove(RingingCalls.entries("alice", "bob", "c1"));
        assertThat(admitFrame("f2", "alice", "bob", "c2", until, one, NOW, TWO_OFFERS))
                .as("neither took a token").isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void anOfferWhoseHandlerDiedIsAdmittedAgainOnceItsLeaseEndsAndCountedOnce() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        Instant until = NOW.plusSeconds(60);
        admitFrame("f1", "alice", "bob", "c1", until, one, NOW);
        assertThat(admitFrame("f1", "alice", "bob", "c1", until, one, NOW.plus(ReplyCache.LEASE)))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("alice", "dave", "c2", one)).as("c1 still holds alice's one place")
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class);
    }

    @Test
    void aRepeatOfAnOfferWhoseCallStoppedRingingCountsItNowhere() throws Exception {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admitFrame("f1", "alice", "bob", "c1", NOW.plusSeconds(60), one, NOW);
        replies().done(new DeviceAddress("alice", 1), "f1");
        ringing.remove(RingingCalls.entries("alice", "bob", "c1"));
        assertThat(settled("f1", "alice", "bob", "c1", one)).isEqualTo(RingingCalls.Admission.REPEAT);
        assertThat(admit("carol", "bob", "c2", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("alice", "dave", "c3", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aRefusedOfferLeavesItsFrameIdFreeToBeSentAgain() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admit("carol", "bob", "c1", one);
        assertThat(admitFrame("f1", "alice", "bob", "c2", NOW.plusSeconds(60), one, NOW))
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class);
        ringing.remove(RingingCalls.entries("carol", "bob", "c1"));
        assertThat(admitFrame("f1", "alice", "bob", "c2", NOW.plusSeconds(60), one, NOW))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallAdmittedAgainIsNotCountedTwice() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        assertThat(admit("alice", "bob", "c1", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("alice", "bob", "c1", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aRemovedCallFreesItsPlaceOnBothSides() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admit("alice", "bob", "c1", one);
        ringing.remove(RingingCalls.entries("alice", "bob", "c1"));
        assertThat(admit("alice", "bob", "c2", one)).isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void aCallPastItsRingDeadlineNoLongerCounts() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admit("alice", "bob", "c1", one);
        assertThat(admit("carol", "bob", "c2", NOW.plusSeconds(120), one, NOW.plusSeconds(59)))
                .isInstanceOf(RingingCalls.Admission.TooManyRinging.class);
        assertThat(admit("carol", "bob", "c2", NOW.plusSeconds(120), one, NOW.plusSeconds(60)))
                .isEqualTo(RingingCalls.Admission.ADMITTED);
    }

    @Test
    void sidesAndUsersCountApart() {
        var one = new RingingCalls.Caps(1, 1, NO_LIVE_CAP);
        admit("alice", "bob", "c1", one);
        assertThat(admit("bob", "carol", "c2", one)).as("bob as caller").isEqualTo(RingingCalls.Admission.ADMITTED);
        assertThat(admit("dave", "alice", "c3", one)).as("alice as callee").isEqualTo(RingingCalls.Admission.ADMITTED);
    }
}
