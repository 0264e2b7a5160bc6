package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.SteppingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrameRateTest {

    private static final Bucket UNUSED = new Bucket(1, Duration.ofSeconds(1));

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Frames refill one per 10 ms; bytes {@code kibibytes} KiB at once, then one KiB per ms. */
    private FrameRate frameRate(int burst, int kibibytes, int refusedBeforeClose) {
        LimitsProperties limits = new LimitsProperties(UNUSED, UNUSED, UNUSED, UNUSED, UNUSED, UNUSED, UNUSED, UNUSED,
                UNUSED, new Bucket(burst, Duration.ofMillis(10)), new Bucket(kibibytes, Duration.ofMillis(1)), 1, 1, 1,
                refusedBeforeClose);
        return new FrameRate(limits, clock, limit -> registry.counter("refused", "limit", limit.configName()),
                registry.counter("closed"));
    }

    private double refused(Limit limit) {
        return registry.counter("refused", "limit", limit.configName()).count();
    }

    @Test
    void framesPastTheBurstAreRefusedWithTheWaitForTheNextToken() {
        FrameRate rate = frameRate(3, 1000, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit(100)).isEqualTo(FrameRate.Verdict.HANDLE);
        }
        assertThat(rate.admit(100)).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.refusal().retryAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(rate.refusal().code().wireName()).isEqualTo("rate_limited");
        assertThat(rate.refusal().limit()).isEqualTo("frames-per-socket");
        clock.advance(Duration.ofMillis(10));
        assertThat(rate.admit(100)).isEqualTo(FrameRate.Verdict.HANDLE);
    }

    @Test
    void bytesPastTheBurstAreRefusedUntilTheirKibibytesRefill() {
        FrameRate rate = frameRate(100, 100, 10);
        assertThat(rate.admit(60 * 1024)).isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit(30 * 1024 + 1)).as("31 KiB, rounded up").isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit(10 * 1024)).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.refusal().limit()).isEqualTo("bytes-per-socket");
        assertThat(rate.refusal().retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(refused(Limit.BYTES_PER_SOCKET)).isEqualTo(1);
        assertThat(refused(Limit.FRAMES_PER_SOCKET)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(rate.admit(10)).as("a small frame takes one KiB").isEqualTo(FrameRate.Verdict.HANDLE);
    }

    @Test
    void aRefusedFrameTakesNoTokens() {
        FrameRate rate = frameRate(100, 100, 10);
        assertThat(rate.admit(80 * 1024)).isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit(30 * 1024)).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit(20 * 1024)).as("the 20 KiB left are all there").isEqualTo(FrameRate.Verdict.HANDLE);
    }

    @Test
    void aSocketThatSendsOnThroughItsRefusalsIsToldToClose() {
        FrameRate rate = frameRate(1, 1000, 2);
        assertThat(rate.admit(10)).isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit(10)).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit(10)).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit(10)).isEqualTo(FrameRate.Verdict.CLOSE);
        assertThat(refused(Limit.FRAMES_PER_SOCKET)).isEqualTo(2);
        assertThat(registry.counter("closed").count()).isEqualTo(1);
    }

    @Test
    void aSocketRefusedMoreThanItsByteBurstIsClosedBeforeItsFrameCountFills() {
        FrameRate rate = frameRate(1000, 100, 1000);
        assertThat(rate.admit(100 * 1024)).isEqualTo(FrameRate.Verdict.HANDLE);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit(30 * 1024)).as("refused %d KiB so far", 30 * i).isEqualTo(FrameRate.Verdict.REFUSE);
        }
        assertThat(rate.admit(30 * 1024)).as("120 KiB refused: past the 100 KiB burst")
                .isEqualTo(FrameRate.Verdict.CLOSE);
    }

    @Test
    void aSocketSendingFiveTimesItsRateIsClosedThoughTheRefillLetsSomeFramesThrough() {
        FrameRate rate = frameRate(1, 1000, 10);
        int handled = 0;
        FrameRate.Verdict verdict = FrameRate.Verdict.HANDLE;
        for (int tick = 0; tick < 100 && verdict != FrameRate.Verdict.CLOSE; tick++) {
            for (int i = 0; i < 5 && verdict != FrameRate.Verdict.CLOSE; i++) {
                verdict = rate.admit(10);
                handled += verdict == FrameRate.Verdict.HANDLE ? 1 : 0;
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(verdict).isEqualTo(FrameRate.Verdict.CLOSE);
        // Each 10 ms lets one frame through and drains one refusal: 4 refused, 1 drained, so 10 fill in 3-4 ticks.
        assertThat(handled).isBetween(3, 5);
    }

    @Test
    void aSocketThatWaitsAsToldIsNeverClosed() {
        FrameRate rate = frameRate(1, 1000, 2);
        int handled = 0;
        for (int i = 0; i < 1000; i++) {
            FrameRate.Verdict verdict = rate.admit(10);
            assertThat(verdict).isNotEqualTo(FrameRate.Verdict.CLOSE);
            if (verdict == FrameRate.Verdict.REFUSE) {
                clock.advance(rate.refusal().retryAfter());
            } else {
                handled++;
            }
        }
        assertThat(handled).isEqualTo(500);
    }
}
