package dev.hushcall.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingFramesTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final PendingFrames pending = new PendingFrames(scheduler, Duration.ofSeconds(30));

    @Test
    void unansweredFramesAreResentOldestFirstUntilAcked() {
        CompletableFuture<Void> first = pending.add("m-1", "{one}");
        pending.add("m-2", "{two}");
        assertThat(pending.texts()).containsExactly("{one}", "{two}");

        pending.acked("m-1");
        assertThat(first).isCompleted();
        assertThat(pending.texts()).containsExactly("{two}");
    }

    @Test
    void aFrameWithNoAnswerFailsAsUnavailableOnceItsTimeoutPasses() {
        CompletableFuture<Void> frame = pending.add("m-1", "{one}");
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(frame).isNotDone();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(frame).isCompletedExceptionally();
        assertThat(frame.handle((ok, e) -> ((HushcallException) e).code()).join()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(pending.size()).isZero();
    }

    @Test
    void anAckedFrameNeverTimesOut() {
        CompletableFuture<Void> frame = pending.add("m-1", "{one}");
        pending.acked("m-1");
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(frame).isCompleted().isNotCompletedExceptionally();
    }
}
