package dev.hushcall.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingFramesTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final PendingFrames pending = new PendingFrames(scheduler, Duration.ofSeconds(30));

    @Test
    void unansweredFramesAreResentOldestFirstUntilAcked() {
        CompletableFuture<ServerMessage> first = pending.add("m-1", "{one}");
        pending.add("m-2", "{two}");
        assertThat(pending.texts()).containsExactly("{one}", "{two}");

        pending.answered("m-1", new ServerMessage.Ack("m-1"));
        assertThat(first).isCompleted();
        assertThat(pending.texts()).containsExactly("{two}");
    }

    @Test
    void aFrameWithNoAnswerFailsAsUnavailableOnceItsTimeoutPasses() {
        CompletableFuture<ServerMessage> frame = pending.add("m-1", "{one}");
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(frame).isNotDone();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(frame).isCompletedExceptionally();
        assertThat(frame.handle((ok, e) -> ((HushcallException) e).code()).join()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(pending.size()).isZero();
    }

    @Test
    void anAckedFrameNeverTimesOut() {
        CompletableFuture<ServerMessage> frame = pending.add("m-1", "{one}");
        pending.answered("m-1", new ServerMessage.Ack("m-1"));
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(frame).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aFrameAnsweredInPlaceOfAnAckCompletesWithThatAnswer() {
        CompletableFuture<ServerMessage> frame = pending.add("t-1", "{turn}");
        ServerMessage.TurnCredentials credentials =
                new ServerMessage.TurnCredentials("t-1", "1767225600:abc", "cHc=", 600, List.of());

        pending.answered("t-1", credentials);

        assertThat(frame).isCompletedWithValue(credentials);
        assertThat(pending.size()).isZero();
    }
}
