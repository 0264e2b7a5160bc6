package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.call.Call;
import dev.hushcall.signaling.call.CallStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The first step of handling a frame about an existing call: claim the frame's id ({@link ReplyCache#claim})
 * and read the call, in one trip to the store where the store can take both at once. Redis pipelines the two:
 * one round trip instead of two for every answer, ICE candidate and hangup. Implementations live in
 * {@code store.*}.
 */
public interface FrameClaims {

    /** What a claim found ({@link ReplyCache#claim}), and for a new frame the call as it is now (empty if none). */
    record Claim(ReplyCache.Claimed id, Optional<Call> call) {

        /** The frame was handled already. */
        public static final Claim REPEAT = new Claim(ReplyCache.Claimed.DONE, Optional.empty());

        /** The frame id is the caller's now: handle the frame. */
        public boolean first() {
            return id instanceof ReplyCache.Claimed.New;
        }
    }

    /** Claims {@code frameId} of {@code device} until {@code expiresAt} and, if it is new, reads call {@code callId}. */
    Claim claim(DeviceAddress device, String frameId, Instant expiresAt, Instant now, String callId);

    /** Claims, then reads: two steps, for a store where the second costs next to nothing. */
    static FrameClaims oneAfterTheOther(ReplyCache replies, CallStore calls) {
        return (device, frameId, expiresAt, now, callId) -> {
            ReplyCache.Claimed id = replies.claim(device, frameId, expiresAt, now);
            return new Claim(id, id instanceof ReplyCache.Claimed.New ? calls.find(callId) : Optional.empty());
        };
    }
}
