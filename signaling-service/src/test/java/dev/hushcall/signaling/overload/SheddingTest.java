package dev.hushcall.signaling.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.protocol.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SheddingTest {

    private final AtomicLong waited = new AtomicLong();
    private final AtomicLong poolLag = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Shedding shedding = new Shedding(waited::get, poolLag::get,
            new OverloadProperties(Duration.ofMillis(50), Duration.ofSeconds(2)), registry);

    @Test
    void aNewCallIsTakenWhileTheStoreKeepsUp() {
        waited.set(TimeUnit.MILLISECONDS.toNanos(49));

        assertThatCode(shedding::admitNewCall).doesNotThrowAnyException();
        assertThat(registry.counter("hushcall.overload.shed").count()).isZero();
    }

    @Test
    void aNewCallIsRefusedUnavailableWithWhenToTryAgainWhileTheStoreIsBehind() {
        waited.set(TimeUnit.MILLISECONDS.toNanos(51));

        assertThatThrownBy(shedding::admitNewCall).isInstanceOfSatisfying(Overloaded.class, refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
            assertThat(refusal.getMessage()).isEqualTo(
                    "the service is too busy to take a new call; nothing was done, offer again in 2 s");
        });
        assertThat(registry.counter("hushcall.overload.shed").count()).isEqualTo(1);
    }

    @Test
    void aNewCallIsRefusedWhileTasksWaitForAThreadOfTheServersPoolThoughTheStoreKeepsUp() {
        waited.set(0);
        poolLag.set(TimeUnit.MILLISECONDS.toNanos(80));

        assertThatThrownBy(shedding::admitNewCall).isInstanceOf(Overloaded.class);
        assertThat(registry.get("hushcall.pool.lag").gauge().value()).isEqualTo(0.08);
    }

    @Test
    void theBacklogIsAGaugeInSeconds() {
        waited.set(TimeUnit.MILLISECONDS.toNanos(250));

        assertThat(registry.get("hushcall.store.backlog").gauge().value()).isEqualTo(0.25);
    }
}
