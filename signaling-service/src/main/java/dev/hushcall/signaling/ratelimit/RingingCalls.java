package dev.hushcall.signaling.ratelimit;

import java.time.Instant;
import java.util.List;

/**
 * The calls ringing for each user, as caller and as callee, so that no one can have more than a few ringing at once:
 * each ringing call holds an offer in every callee device's mailbox and, maybe, a push. An entry lasts until its call
 * stops ringing or its ring deadline, whichever comes first, so a node that dies mid-call leaks nothing.
 *
 * <p>An offer is admitted in one step, together with the caller's offer buckets ({@link #admit}): one round trip on
 * Redis, on every offer's path. A call leaves the sets in the step that answers or ends it: the call store does that
 * ({@code CallStore}), inside the round trip it makes anyway; {@link #remove} is for an admitted offer that never
 * became a ringing call.
 */
public interface RingingCalls {

    /** Which side of the calls a set counts. */
    enum Side { CALLER, CALLEE }

    /** One user's side of one call. */
    record Entry(String user, Side side, String callId) {
    }

    /** A call about to ring {@code callee}, placed by {@code caller}, until {@code until} at the latest. */
    record Ringing(String caller, String callee, String callId, Instant until) {
        /** Both sides' entries: what leaves the sets when the call stops ringing. */
        public List<Entry> entries() {
            return entries(caller, callee, callId);
        }

        public static List<Entry> entries(String caller, String callee, String callId) {
            return List.of(new Entry(caller, Side.CALLER, callId), new Entry(callee, Side.CALLEE, callId));
        }
    }

    /** The most calls that may ring at once for one caller and for one callee. */
    record Caps(int perCaller, int perCallee) {
    }

    /** What {@link #admit} decided. */
    sealed interface Admission {
        Admission ADMITTED = new Admitted();

        /** Counted on both sides, every token taken. */
        record Admitted() implements Admission {
        }

        /** The caller's take at {@code takeIndex} refused; nothing of the caller's side was taken or counted. */
        record OverRate(int takeIndex, long waitMillis) implements Admission {
        }

        /** {@code side} already has as many calls ringing as allowed; the call counts on neither side. */
        record TooManyRinging(Side side, long waitMillis) implements Admission {
        }
    }

    /**
     * Takes a token of each of {@code callerTakes} from the caller's buckets and counts {@code call} as ringing for its
     * caller and its callee, or refuses. The caller's side is all or none; a refusal by the callee's side may leave
     * the caller's tokens taken (an offer refused still counts against its sender's rate). A call already counted is
     * counted once.
     */
    Admission admit(Ringing call, List<RateLimitStore.Take> callerTakes, Caps caps, Instant now);

    /** The calls stopped ringing without the call store's help: admitted offers that never became ringing calls. */
    void remove(List<Entry> entries);
}
