package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.SteppingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrameRateTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private FrameRate frameRate(int burst, int refusedBeforeClose) {
        return new FrameRate(new Bucket(burst, Duration.ofMillis(10)), refusedBeforeClose, clock,
                registry.counter("refused"), registry.counter("closed"));
    }

    @Test
    void framesPastTheBurstAreRefusedWithTheWaitForTheNextToken() {
        FrameRate rate = frameRate(3, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.HANDLE);
        }
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.refusal().retryAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(rate.refusal().code().wireName()).isEqualTo("rate_limited");
        clock.advance(Duration.ofMillis(10));
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.HANDLE);
    }

    @Test
    void aSocketThatSendsOnThroughItsRefusalsIsToldToClose() {
        FrameRate rate = frameRate(1, 2);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.CLOSE);
        assertThat(registry.counter("refused").count()).isEqualTo(2);
        assertThat(registry.counter("closed").count()).isEqualTo(1);
    }

    @Test
    void aFrameLetThroughStartsTheRefusalCountAfresh() {
        FrameRate rate = frameRate(1, 2);
        rate.admit();
        rate.admit();
        rate.admit();
        clock.advance(Duration.ofMillis(10));
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.HANDLE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.REFUSE);
        assertThat(rate.admit()).isEqualTo(FrameRate.Verdict.CLOSE);
    }
}
