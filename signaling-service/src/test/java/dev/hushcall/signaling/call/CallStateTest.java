package dev.hushcall.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallStateTest {

    @Test
    void ringingCallMayBeAnsweredOrEnded() {
        assertThat(CallState.RINGING.moveTo(CallState.ANSWERED)).isEqualTo(CallState.ANSWERED);
        assertThat(CallState.RINGING.moveTo(CallState.ENDED)).isEqualTo(CallState.ENDED);
    }

    @Test
    void answeredCallMayOnlyEnd() {
        assertThat(CallState.ANSWERED.moveTo(CallState.ENDED)).isEqualTo(CallState.ENDED);
        assertThatThrownBy(() -> CallState.ANSWERED.moveTo(CallState.RINGING))
                .hasMessage("a call cannot move from ANSWERED to RINGING");
    }

    @Test
    void endedIsFinal() {
        for (CallState target : CallState.values()) {
            assertThat(CallState.ENDED.canMoveTo(target)).as("ENDED -> %s", target).isFalse();
        }
    }

    @Test
    void noStateMovesToItself() {
        for (CallState state : CallState.values()) {
            assertThat(state.canMoveTo(state)).as(state.name()).isFalse();
        }
    }
}
