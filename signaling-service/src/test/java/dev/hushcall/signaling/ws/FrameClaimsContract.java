package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallState;
import dev.hushcall.signaling.call.CallStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FrameClaims} must do over the call store it reads. An implementation's test extends this and
 * supplies both, empty; frame ids expire on the real clock (Redis's), so expiries here are real instants ahead.
 */
public abstract class FrameClaimsContract {

    private static final DeviceAddress ALICE = new DeviceAddress("alice", 1);
    private static final DeviceAddress BOB_PHONE = new DeviceAddress("bob", 1);

    /** A call store holding nothing, and the claims that read it. */
    public record Stores(CallStore calls, FrameClaims claims) {
    }

    protected abstract Stores newStores();

    private CallStore calls;
    private FrameClaims claims;

    @BeforeEach
    void freshStores() {
        Stores stores = newStores();
        calls = stores.calls();
        claims = stores.claims();
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

        FrameClaims.Claim claim = claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).contains(call);
    }

    @Test
    void frameIdClaimedBeforeIsARepeatWithoutTheCall() {
        ringingCall(calls, "call-0001");
        claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001");

        FrameClaims.Claim again = claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001");

        assertThat(again).isEqualTo(FrameClaims.Claim.REPEAT);
        assertThat(again.first()).isFalse();
    }

    @Test
    void frameAboutACallThatDoesNotExistIsNewAndFindsNoCall() {
        FrameClaims.Claim claim = claims.claim(BOB_PHONE, "m-1", inAMinute(), "no-such-call");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).isEmpty();
    }

    @Test
    void callIsReadAsItIsNowNotAsItWasCreated() {
        ringingCall(calls, "call-0001");
        claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001");
        calls.answer("call-0001", 1);

        FrameClaims.Claim claim = claims.claim(ALICE, "m-1", inAMinute(), "call-0001");

        assertThat(claim.first()).isTrue();
        assertThat(claim.call()).map(Call::state).contains(CallState.ANSWERED);
        assertThat(claim.call()).map(Call::answeredBy).contains(1);
    }

    @Test
    void frameIdsAreClaimedPerDevice() {
        ringingCall(calls, "call-0001");
        claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001");

        assertThat(claims.claim(new DeviceAddress("bob", 2), "m-1", inAMinute(), "call-0001").first()).isTrue();
        assertThat(claims.claim(ALICE, "m-1", inAMinute(), "call-0001").first()).isTrue();
        assertThat(claims.claim(BOB_PHONE, "m-2", inAMinute(), "call-0001").first()).isTrue();
        assertThat(claims.claim(BOB_PHONE, "m-1", inAMinute(), "call-0001").first()).isFalse();
    }
}
