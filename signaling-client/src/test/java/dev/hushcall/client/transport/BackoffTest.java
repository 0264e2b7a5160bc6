package dev.hushcall.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void delaysDoubleFromTheMinimumAndStopAtTheCap() {
        assertThat(backoff.delay(0, 0.999)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(backoff.delay(1, 0.999)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(2000));
        assertThat(backoff.delay(10, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1000, 0.0)).isEqualTo(Duration.ofSeconds(15));
    }
}
