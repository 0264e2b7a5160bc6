package dev.hushcall.signaling.ratelimit;

import dev.hushcall.protocol.DeviceAddress;
import java.time.Instant;
import java.util.List;

/**
 * The calls ringing for each user, as caller and as callee, so that no one can have more than a few ringing at once:
 * each ringing call holds an offer in every callee device's mailbox and, maybe, a push. An entry lasts until its call
 * stops ringing or its ring deadline, whichever comes first, so a node that dies mid-call leaks nothing.
 *
 * <p>An offer is also checked against the calls its caller is in already, ringing or answered, on either side: the
 * call store's index of each user's live calls ({@code CallStore}), which the call store writes and the admission only
 * reads. A call enters that index when it is created, after its admission, so offers admitted at the same moment can
 * pass that cap by as many as the caller may have ringing at once.
 *
 * <p>An offer is admitted in one step, together with the caller's offer buckets and its frame id's claim ({@link
 * #admit}): one round trip on Redis, on every offer's path. A call leaves the sets in the step that answers or ends it: the call store does that
 * ({@code CallStore}), inside the round trip it makes anyway; {@link #remove} is for an admitted offer that never
 * became a ringing call.
 */
public interface RingingCalls {

    /** Which side of the calls a set counts. */
    enum Side { CALLER, CALLEE }

    /** One user's side of one call. */
    record Entry(String user, Side side, String callId) {
    }

    /**
     * An offer to admit: the frame from device {@code from} whose id the admission claims until {@code idExpiresAt}
     * (so a frame sent again is neither counted nor charged twice), and the call it would ring until {@code until}.
     */
    record Offer(DeviceAddress from, String frameId, Instant idExpiresAt, String callee, String callId, Instant until) {
        public String caller() {
            return from.user();
        }
    }

    /** Both sides' entries of a call: what leaves the sets when it stops ringing. */
    static List<Entry> entries(String caller, String callee, String callId) {
        return List.of(new Entry(caller, Side.CALLER, callId), new Entry(callee, Side.CALLEE, callId));
    }

    /**
     * The most calls that may ring at once for one caller and for one callee, and the most live calls (ringing or
     * answered, either side) a caller may be in when it places another.
     */
    record Caps(int perCaller, int perCallee, int liveCallsPerUser) {
    }

    /** What {@link #admit} decided. */
    sealed interface Admission {
        Admission ADMITTED = new Admitted();
        Admission REPEAT = new Repeat();

        /** Counted on both sides, every token taken, the frame id claimed. */
        record Admitted() implements Admission {
        }

        /** The frame was handled already (its id is done): nothing was taken now. */
        record Repeat() implements Admission {
        }

        /**
         * Another handler claimed the frame id and has not finished (or died doing it): nothing was taken now; admit
         * again after {@code waitMillis}, when the claim may be taken over ({@code ws.ReplyCache}).
         */
        record Pending(long waitMillis) implements Admission {
        }

        /** The caller's take at {@code takeIndex} refused; nothing of the caller's side was taken or counted. */
        record OverRate(int takeIndex, long waitMillis) implements Admission {
        }

        /** {@code side} already has as many calls ringing as allowed; the call counts on neither side. */
        record TooManyRinging(Side side, long waitMillis) implements Admission {
        }

        /**
         * The caller is in as many live calls as allowed; the call counts on neither side, and {@code waitMillis} is
         * the time until the earliest of them would be forgotten if nobody ended it.
         */
        record InTooManyCalls(long waitMillis) implements Admission {
        }
    }

    /**
     * Claims the offer's frame id, takes a token of each of {@code callerTakes} from the caller's buckets and counts the
     * call as ringing for its caller and its callee, or refuses: a bucket is empty, a side has as many calls ringing
     * as allowed, or the caller is in as many live calls as allowed (a call already among them passes). The caller's
     * side (claim, tokens, caller set, live calls) is all or none; a refusal by the callee's side may leave the
     * caller's tokens taken (an offer refused still counts against its sender's rate), never the claim. A call already
     * counted is counted once.
     */
    Admission admit(Offer offer, List<RateLimitStore.Take> callerTakes, Caps caps, Instant now);

    /** The calls stopped ringing without the call store's help: admitted offers that never became ringing calls. */
    void remove(List<Entry> entries);
}
