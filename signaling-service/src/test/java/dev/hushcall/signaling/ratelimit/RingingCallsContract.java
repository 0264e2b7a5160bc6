package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RingingCalls} must do; each implementation's test extends this. */
public abstract class RingingCallsContract {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private RingingCalls ringing;

    protected abstract RingingCalls newStore();

    @BeforeEach
    void setUp() {
        ringing = newStore();
    }

    private static RingingCalls.Entry callee(String user, String callId) {
        return new RingingCalls.Entry(user, RingingCalls.Side.CALLEE, callId);
    }

    @Test
    void pastTheMostAllowedACallIsRefusedWithTheWaitUntilTheEarliestStopsRinging() {
        assertThat(ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 2, NOW)).isZero();
        assertThat(ringing.add(callee("bob", "c2"), NOW.plusSeconds(50), 2, NOW)).isZero();
        assertThat(ringing.add(callee("bob", "c3"), NOW.plusSeconds(60), 2, NOW)).isEqualTo(50_000);
    }

    @Test
    void aCallCountedAgainIsNotCountedTwice() {
        assertThat(ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 1, NOW)).isZero();
        assertThat(ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 1, NOW)).isZero();
    }

    @Test
    void aRemovedCallFreesItsPlace() {
        ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 1, NOW);
        ringing.remove(List.of(callee("bob", "c1"), new RingingCalls.Entry("alice", RingingCalls.Side.CALLER, "c1")));
        assertThat(ringing.add(callee("bob", "c2"), NOW.plusSeconds(60), 1, NOW)).isZero();
    }

    @Test
    void aCallPastItsRingDeadlineNoLongerCounts() {
        ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 1, NOW);
        assertThat(ringing.add(callee("bob", "c2"), NOW.plusSeconds(120), 1, NOW.plusSeconds(59))).isPositive();
        assertThat(ringing.add(callee("bob", "c2"), NOW.plusSeconds(120), 1, NOW.plusSeconds(60))).isZero();
    }

    @Test
    void callerAndCalleeSidesAndUsersCountApart() {
        ringing.add(callee("bob", "c1"), NOW.plusSeconds(60), 1, NOW);
        assertThat(ringing.add(new RingingCalls.Entry("bob", RingingCalls.Side.CALLER, "c2"), NOW.plusSeconds(60), 1,
                NOW)).isZero();
        assertThat(ringing.add(callee("carol", "c3"), NOW.plusSeconds(60), 1, NOW)).isZero();
    }
}
