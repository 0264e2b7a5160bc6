package dev.hushcall.signaling.call;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Call state, with every multi-step change atomic: the in-memory store locks, the Redis store runs a
 * Lua script. Implementations live in {@code store.*}. A call that stops ringing (answered, ended, lost glare) leaves
 * its caller's and callee's ringing sets ({@code ratelimit.RingingCalls}) in the same step, so the limit on calls
 * ringing at once costs no round trip of its own there.
 *
 * <p>A store also keeps, per user, the live calls the user is in, either side, each with the time it would be
 * forgotten if nobody ended it (its ring deadline while it rings, {@link #ANSWERED_LIFETIME} after that once
 * answered): where a revoked device's calls are found ({@link #liveCallsOf}), and what an offer's admission counts
 * against the cap on a user's live calls ({@code RingingCalls.admit}).
 */
public interface CallStore {

    /**
     * How long after its ring deadline an answered call that nobody hangs up is forgotten (both devices vanished): it
     * stops counting against its users' live calls then, and its state is dropped without telling anyone.
     */
    Duration ANSWERED_LIFETIME = Duration.ofHours(12);

    /** What {@link #create} did. */
    sealed interface Created {
        /** The call rings. {@code glareLoser}, when present, was the opposite call it beat and is now ENDED. */
        record Ringing(Call call, Optional<Call> glareLoser) implements Created {
        }

        /** The call id is taken. */
        record Exists() implements Created {
        }

        /** An opposite call between the same users rings and wins the tie-break; {@code call} is stored ENDED. */
        record LostGlare(Call call, Call winner) implements Created {
        }
    }

    /**
     * Stores a RINGING call unless its id is taken. If a RINGING call in the opposite direction exists, the
     * {@link GlareRule} picks the survivor and the loser is ended with {@link EndReason#GLARE}, atomically.
     */
    Created create(Call call, Instant now);

    Optional<Call> find(String callId);

    /** The outcome of an answer: {@code won} only for the one device whose answer moved RINGING → ANSWERED. */
    record Claim(Call call, boolean won) {
    }

    /** RINGING → ANSWERED for {@code deviceId} if the call still rings; empty if the call is unknown. */
    Optional<Claim> answer(String callId, int deviceId);

    /** Moves a live call to ENDED; returns the call as it was just before, or empty if it was already ended or unknown. */
    Optional<Call> end(String callId, EndReason reason, DeviceAddress by, Instant now);

    /**
     * Live calls {@code user} is in, as caller or callee, in no particular order: where a revoked device is looked
     * for. May include calls that ended meanwhile; callers check the state.
     */
    List<Call> liveCallsOf(String user);

    /**
     * Takes callee device {@code deviceId} out of a RINGING call that rang it, atomically with answers: a device taken
     * out can no longer answer. Returns the call as it is afterwards (it still rings, perhaps no device); empty when the
     * call is unknown, no longer rings, or did not ring the device.
     */
    Optional<Call> stopRinging(String callId, int deviceId);

    /** RINGING calls whose ring deadline is at or before {@code now}. */
    List<Call> ringingUntil(Instant now);

    /** Forgets ENDED calls that ended before {@code horizon}. */
    void forgetEndedBefore(Instant horizon);

    /**
     * Forgets ANSWERED calls whose ring deadline is before {@code horizon}: nobody hung them up within {@link
     * #ANSWERED_LIFETIME}. Stores whose entries expire by themselves (Redis) do nothing.
     */
    void forgetAnsweredBefore(Instant horizon);
}
