package dev.hushcall.signaling.testing;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks again while the answer says "not yet": for stores whose writes land moments after the call that makes them
 * (Redis's done marks), so a test reads the state once it has settled. Gives up after 2 s with the last answer.
 */
public final class Settled {

    private Settled() {
    }

    public static <T> T answer(Supplier<T> ask, Predicate<T> notYet) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        T answer = ask.get();
        while (notYet.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            answer = ask.get();
        }
        return answer;
    }
}
