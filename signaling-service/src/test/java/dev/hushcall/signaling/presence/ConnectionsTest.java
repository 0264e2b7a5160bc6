package dev.hushcall.signaling.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.signaling.testing.SteppingClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    private static final DeviceAddress BOB = new DeviceAddress("bob", 2);

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final Connections connections = new Connections(clock);

    @Test
    void revokingAGenerationForgetsItsSocketAndHandsItBackToClose() {
        Socket old = new Socket(BOB, 7);
        connections.attach(old);

        assertThat(connections.revoke(BOB, 7)).contains(old);

        assertThat(connections.find(BOB)).isEmpty();
    }

    @Test
    void revokingAnotherGenerationLeavesTheCurrentSocket() {
        Socket current = new Socket(BOB, 8);
        connections.attach(current);

        assertThat(connections.revoke(BOB, 7)).isEmpty();

        assertThat(connections.find(BOB)).contains(current);
    }

    @Test
    void socketOfARevokedGenerationThatAttachesLateIsRefused() {
        connections.revoke(BOB, 7);

        assertThatThrownBy(() -> connections.attach(new Socket(BOB, 7))).isInstanceOf(Connections.Revoked.class);
        assertThat(connections.find(BOB)).isEmpty();
        Socket next = new Socket(BOB, 8);
        connections.attach(next);
        assertThat(connections.find(BOB)).contains(next);
    }

    @Test
    void revokedGenerationIsForgottenAfterAWhile() {
        connections.revoke(BOB, 7);
        clock.advance(Connections.REMEMBER_REVOKED.plusSeconds(1));
        connections.revoke(new DeviceAddress("carol", 1), 1);

        connections.attach(new Socket(BOB, 7));

        assertThat(connections.find(BOB)).isPresent();
    }

    /** A socket that does nothing: what is tested is which one the registry holds. */
    private record Socket(DeviceAddress device, long generation) implements DeviceConnection {
        @Override
        public void deliver(Outgoing frame) {
        }

        @Override
        public void replay(List<Outgoing> pending) {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
