package dev.hushcall.signaling.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrainStateTest {

    @Test
    void drainGoesServingDrainingDrainedAndBackToServingOnlyOnRestart() {
        assertThat(DrainState.SERVING.canMoveTo(DrainState.DRAINING)).isTrue();
        assertThat(DrainState.DRAINING.canMoveTo(DrainState.DRAINED)).isTrue();
        assertThat(DrainState.DRAINED.canMoveTo(DrainState.SERVING)).isTrue();
    }

    @Test
    void noStepIsSkippedOrReversed() {
        assertThat(DrainState.SERVING.canMoveTo(DrainState.DRAINED)).isFalse();
        assertThat(DrainState.DRAINING.canMoveTo(DrainState.SERVING)).isFalse();
        assertThat(DrainState.DRAINED.canMoveTo(DrainState.DRAINING)).isFalse();
        for (DrainState state : DrainState.values()) {
            assertThat(state.canMoveTo(state)).isFalse();
        }
    }
}
