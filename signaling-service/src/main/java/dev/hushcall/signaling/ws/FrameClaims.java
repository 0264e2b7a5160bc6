package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The first step of handling a frame about an existing call: claim the frame's id ({@link ReplyCache#firstTime})
 * and read the call, in one trip to the store where the store can take both at once. Redis pipelines the two:
 * one round trip instead of two for every answer, ICE candidate and hangup. Implementations live in
 * {@code store.*}.
 */
public interface FrameClaims {

    /** What a claim found: whether the frame is new, and if so the call as it is now (empty if there is none). */
    record Claim(boolean first, Optional<Call> call) {

        /** The frame id was claimed before: the frame was handled already. */
        public static final Claim REPEAT = new Claim(false, Optional.empty());
    }

    /** Claims {@code frameId} of {@code device} until {@code expiresAt} and reads call {@code callId}. */
    Claim claim(DeviceAddress device, String frameId, Instant expiresAt, String callId);

    /** Claims, then reads: two steps, for a store where the second costs next to nothing. */
    static FrameClaims oneAfterTheOther(ReplyCache replies, CallStore calls) {
        return (device, frameId, expiresAt, callId) -> replies.firstTime(device, frameId, expiresAt)
                ? new Claim(true, calls.find(callId))
                : Claim.REPEAT;
    }
}
