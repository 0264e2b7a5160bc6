package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import dev.hushcall.signaling.testing.Settled;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FrameClaims} must do over the call store it reads. An implementation's test extends this and
 * supplies both, empty; frame ids expire on the real clock (Redis's), so expiries here are real instants ahead.
 */
public abstract class FrameClaimsContract {

    private static final DeviceAddress ALICE = new DeviceAddress("alice", 1);
    private static final DeviceAddress BOB_PHONE = new DeviceAddress("bob", 1);

    /** A call store holding nothing, the claims that read it, and the frame ids they claim in. */
    public record Stores(CallStore calls, FrameClaims claims, ReplyCache replies) {
    }

    protected abstract Stores newStores();

    private CallStore calls;
    private FrameClaims claims;
    private ReplyCache replies;

    @BeforeEach
    void freshStores() {
        Stores stores = newStores();
        calls = stores.calls();
        claims = stores.claims();
        replies = stores.replies();
    }

    @AfterEach
    void closeReplies() throws Exception {
        if (replies instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Claims the id now, as a handler does. */
    private FrameClaims.Claim claim(DeviceAddress device, String frameId, String callId) {
        return claims.claim(device, frameId, inAMinute(), Instant.now(), callId);
    }

    /** A call from alice to bob's devices 1 and 2, stored as ringing. */
    protected static Call ringingCall(CallStore calls, String callId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // Redis keeps milliseconds
        Call call = Call.ringing(callId, ALICE, "bob", Set.of(1, 2), now.plusSeconds(60));
        calls.create(call, now);
        return call;
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    @Test
    void newFrameIdComesWithTheCallAsStored() {
        Call call = ringingCall(calls, "call-0001");

        FrameClaims.Claim claim = claim(BOB_PHONE, "m-1", "call-0001");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).contains(call);
    }

    @Test
    void frameIdHandledBeforeIsARepeatWithoutTheCall() throws InterruptedException {
        ringingCall(calls, "call-0001");
        claim(BOB_PHONE, "m-1", "call-0001");
        replies.done(BOB_PHONE, "m-1");

        // The done mark may land moments later.
        FrameClaims.Claim again = Settled.answer(() -> claim(BOB_PHONE, "m-1", "call-0001"),
                found -> found.id() instanceof ReplyCache.Claimed.Pending);

        assertThat(again).isEqualTo(FrameClaims.Claim.REPEAT);
        assertThat(again.first()).isFalse();
    }

    @Test
    void frameIdClaimedButNotDoneIsPendingThenTakenOverWithTheCallWhenItsLeaseEnds() {
        Call call = ringingCall(calls, "call-0001");
        Instant claimedAt = Instant.now();
        claims.claim(BOB_PHONE, "m-1", inAMinute(), claimedAt, "call-0001");

        FrameClaims.Claim meanwhile = claims.claim(BOB_PHONE, "m-1", inAMinute(), claimedAt.plusSeconds(1), "call-0001");
        FrameClaims.Claim takenOver = claims.claim(BOB_PHONE, "m-1", inAMinute(), claimedAt.plus(ReplyCache.LEASE),
                "call-0001");

        assertThat(meanwhile.id()).isEqualTo(new ReplyCache.Claimed.Pending(ReplyCache.LEASE.toMillis() - 1000));
        assertThat(meanwhile.call()).isEmpty();
        assertThat(takenOver.first()).isTrue();
        assertThat(takenOver.call()).contains(call);
    }

    @Test
    void frameAboutACallThatDoesNotExistIsNewAndFindsNoCall() {
        FrameClaims.Claim claim = claim(BOB_PHONE, "m-1", "no-such-call");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).isEmpty();
    }

    @Test
    void callIsReadAsItIsNowNotAsItWasCreated() {
        ringingCall(calls, "call-0001");
        claim(BOB_PHONE, "m-1", "call-0001");
        calls.answer("call-0001", 1);

        FrameClaims.Claim claim = claim(ALICE, "m-1", "call-0001");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).map(Call::state).contains(CallState.ANSWERED);
        assertThat(claim.call()).map(Call::answeredBy).contains(1);
    }

    @Test
    void frameIdsAreClaimedPerDevice() {
        ringingCall(calls, "call-0001");
        claim(BOB_PHONE, "m-1", "call-0001");

        assertThat(claim(new DeviceAddress("bob", 2), "m-1", "call-0001").first()).isTrue();
        assertThat(claim(ALICE, "m-1", "call-0001").first()).isTrue();
        assertThat(claim(BOB_PHONE, "m-2", "call-0001").first()).isTrue();
        assertThat(claim(BOB_PHONE, "m-1", "call-0001").first()).isFalse();
    }
}
