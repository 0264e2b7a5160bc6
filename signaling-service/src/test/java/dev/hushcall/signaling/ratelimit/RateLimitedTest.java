package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitedTest {

    @Test
    void theWaitIsToldInTheUnitAPersonReadsRoundedUp() {
        assertThat(RateLimited.readable(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(RateLimited.readable(Duration.ofMillis(2_001))).isEqualTo("3 s");
        assertThat(RateLimited.readable(Duration.ofSeconds(119))).isEqualTo("119 s");
        assertThat(RateLimited.readable(Duration.ofSeconds(121))).isEqualTo("3 min");
        assertThat(RateLimited.readable(Duration.ofHours(12).plusSeconds(60))).isEqualTo("12 h 1 min");
    }

    @Test
    void theSentenceEndsWithTheWait() {
        var refused = new RateLimited("live-calls-per-user", "you are in 16 calls already", Duration.ofMinutes(90));
        assertThat(refused.getMessage()).isEqualTo("you are in 16 calls already; try again in 90 min");
    }
}
