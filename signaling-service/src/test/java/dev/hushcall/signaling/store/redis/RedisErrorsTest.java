package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.signaling.api.Unavailable;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

class RedisErrorsTest {

    @Test
    void anExhaustedConnectionPoolIsUnavailableNotAServerFault() {
        JedisException exhausted = new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object"));

        assertThatThrownBy(() -> Redis.call("reading a call", () -> {
            throw exhausted;
        })).isInstanceOf(Unavailable.class);
    }

    @Test
    void aFailoverInProgressIsUnavailable() {
        assertThat(Redis.isTransient(new JedisDataException("READONLY You can't write against a read only replica.")))
                .isTrue();
    }

    @Test
    void aScriptErrorIsAServerFault() {
        assertThat(Redis.isTransient(new JedisDataException("ERR Error running script"))).isFalse();
    }
}
