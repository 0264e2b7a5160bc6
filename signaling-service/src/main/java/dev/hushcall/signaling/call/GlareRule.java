package dev.hushcall.signaling.call;

/**
 * Glare: A calls B while B calls A, both still ringing. The call whose {@code callId} is smaller
 * (comparing the ids as strings, char by char) survives; the other ends with reason {@code glare}.
 * The rule needs nothing but the two ids, so every node and both clients reach the same answer
 * whichever offer arrived first.
 */
public final class GlareRule {

    private GlareRule() {
    }

    /** True if {@code a} survives against {@code b}. */
    public static boolean survives(Call a, Call b) {
        return a.callId().compareTo(b.callId()) < 0;
    }
}
