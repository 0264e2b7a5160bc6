package dev.hushcall.signaling.ratelimit;

import java.time.Instant;
import java.util.List;

/**
 * The calls ringing for each user, as caller and as callee, so that no one can have more than a few ringing at once:
 * each ringing call holds an offer in every callee device's mailbox and, maybe, a push. An entry lasts until its call
 * stops ringing or its ring deadline, whichever comes first, so a node that dies mid-call leaks nothing.
 */
public interface RingingCalls {

    /** Which side of the calls a set counts. */
    enum Side { CALLER, CALLEE }

    /** One user's side of one call. */
    record Entry(String user, Side side, String callId) {
    }

    /**
     * Counts {@code entry} as ringing until {@code until}, unless {@code max} calls of that user and side already ring
     * (an entry already counted is kept, not counted twice).
     *
     * @return 0 when counted; else the milliseconds until the earliest of those calls stops ringing at the latest
     */
    long add(Entry entry, Instant until, int max, Instant now);

    /** The calls stopped ringing: answered, ended or never started. */
    void remove(List<Entry> entries);
}
