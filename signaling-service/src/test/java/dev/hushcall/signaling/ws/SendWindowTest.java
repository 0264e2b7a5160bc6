package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendWindowTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SendWindow window = new SendWindow(clock, 10_000, 10_000);

    @Test
    void framesAreAdmittedUpToTheByteLimit() {
        assertThat(window.admit(6_000)).isTrue();
        assertThat(window.admit(4_000)).isTrue();

        assertThat(window.admit(1)).isFalse();
        assertThat(window.bytesInFlight()).isEqualTo(10_000);
    }

    @Test
    void writtenFramesMakeRoomAgain() {
        window.admit(6_000);
        window.admit(4_000);

        window.done(6_000);

        assertThat(window.admit(5_000)).isTrue();
    }

    @Test
    void aFrameBiggerThanTheLimitGoesOutWhenNothingElseWaits() {
        assertThat(window.admit(50_000)).isTrue();
        assertThat(window.admit(1)).isFalse();
    }

    @Test
    void aDeviceThatTakesNothingForTheTimeLimitIsRefusedTheNextFrame() {
        window.admit(100);

        clock.advance(Duration.ofMillis(10_001));

        assertThat(window.admit(100)).isFalse();
    }

    @Test
    void aDeviceThatKeepsTakingFramesIsNeverTooSlow() {
        for (int second = 0; second < 30; second++) {
            assertThat(window.admit(100)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            window.done(100);
            assertThat(window.admit(100)).isTrue();
        }
    }

    @Test
    void anIdleSocketWaitsForNothing() {
        window.admit(100);
        window.done(100);

        clock.advance(Duration.ofHours(1));

        assertThat(window.admit(100)).isTrue();
    }

    @Test
    void aBacklogFillsAtMostHalfTheWindowButAnyFrameGoesWhenNothingWaits() {
        assertThat(window.hasRoomForBacklog(50_000)).isTrue();
        window.admit(3_000);

        assertThat(window.hasRoomForBacklog(2_000)).isTrue();
        assertThat(window.hasRoomForBacklog(2_001)).isFalse();
        assertThat(window.admit(7_000)).as("a reply still fits the other half").isTrue();
    }

    @Test
    void theTimeLeftBeforeADeviceCountsAsStalledRestartsWithEachWrite() {
        assertThat(window.millisUntilStalled()).isEqualTo(-1);
        window.admit(1_000);
        window.admit(1_000);

        clock.advance(Duration.ofSeconds(4));
        assertThat(window.millisUntilStalled()).isEqualTo(6_001);
        window.done(1_000);
        clock.advance(Duration.ofSeconds(9));
        assertThat(window.millisUntilStalled()).isEqualTo(1_001);
        clock.advance(Duration.ofSeconds(2));

        assertThat(window.millisUntilStalled()).isZero();
        assertThat(window.admit(1)).as("what admit refuses, too").isFalse();
    }
}
