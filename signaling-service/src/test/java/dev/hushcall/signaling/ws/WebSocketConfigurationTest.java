package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Where sockets handle their frames, by where the node keeps its state. */
class WebSocketConfigurationTest {

    @Test
    void withStateInMemorySocketsHandleTheirFramesOnTheSelector() {
        assertThat(WebSocketConfiguration.readsOnSelector(new MockEnvironment())).isTrue();
    }

    @Test
    void withAnyKindOfRedisSocketsHandleTheirFramesOnPoolThreads() {
        assertThat(WebSocketConfiguration.readsOnSelector(
                new MockEnvironment().withProperty("hushcall.redis.url", "redis://127.0.0.1:6379"))).isFalse();
        assertThat(WebSocketConfiguration.readsOnSelector(
                new MockEnvironment().withProperty("hushcall.redis.sentinel.master", "hushcall"))).isFalse();
        assertThat(WebSocketConfiguration.readsOnSelector(
                new MockEnvironment().withProperty("hushcall.redis.cluster-nodes[0]", "127.0.0.1:7000"))).isFalse();
    }
}
