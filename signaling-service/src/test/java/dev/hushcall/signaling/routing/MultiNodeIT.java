package dev.hushcall.signaling.routing;

import static dev.hushcall.signaling.testing.Phone.Event.Kind.ANSWER;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.ICE;
import static dev.hushcall.signaling.testing.Phone.Event.Kind.INCOMING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hushcall.client.CallHandle;
import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceProcess;
import dev.hushcall.signaling.testing.TestDevices;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one standalone Redis. */
class MultiNodeIT extends MultiNodeContract {

    @RegisterExtension
    @Order(1)
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    @Order(2)
    static final ServiceProcess node1 = new ServiceProcess(() -> nodeArguments("--hushcall.redis.url=" + redis.url()));

    @RegisterExtension
    @Order(3)
    static final ServiceProcess node2 = new ServiceProcess(() -> nodeArguments("--hushcall.redis.url=" + redis.url()));

    @Override
    ServiceProcess node1() {
        return node1;
    }

    @Override
    ServiceProcess node2() {
        return node2;
    }

    @Test
    void whileRedisIsDownClientsHearUnavailableAndNothingAcknowledgedIsLost() throws Exception {
        String alice = "alice-redis-down";
        String bob = "bob-redis-down";
        try (Phone a = Phone.registered(List.of(node1.baseUri()), new TestDevices(node1.port()).token(alice), alice, null).connect();
             Phone b = Phone.registered(List.of(node2.baseUri()), new TestDevices(node2.port()).token(bob), bob, null).connect()) {
            CallHandle call = a.client().placeCall(bob, Sdp.audio("redis-down"));
            call.sent().get(10, TimeUnit.SECONDS);
            b.await(INCOMING);
            b.client().answer(call.callId(), Sdp.audio("redis-down-answer")).get(10, TimeUnit.SECONDS);
            a.await(ANSWER);

            // Acknowledged just before the outage, while bob is between sockets: it must survive it.
            b.client().dropConnection();
            String beforeOutage = Sdp.candidate("192.0.2.30", 1);
            a.client().sendIce(call.callId(), beforeOutage).get(10, TimeUnit.SECONDS);
            redis.stop();
            try {
                assertThatThrownBy(() -> a.client().sendIce(call.callId(), Sdp.candidate("192.0.2.31", 2))
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(HushcallException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
                assertThat(node1.status("/readyz")).isEqualTo(503);
                assertThat(node1.status("/livez")).isEqualTo(200);
                Thread.sleep(5000);
            } finally {
                redis.start();
            }

            String afterOutage = Sdp.candidate("192.0.2.32", 3);
            a.client().sendIce(call.callId(), afterOutage).get(20, TimeUnit.SECONDS);
            // Bob's reconnection attempts failed during the outage, so his backoff has grown (up to 30 s).
            assertThat(b.await(ICE, e -> true, Duration.ofSeconds(45)).text()).isEqualTo(beforeOutage);
            assertThat(b.await(ICE).text()).isEqualTo(afterOutage);
            assertThat(b.count(ICE, call.callId())).isEqualTo(2);
            assertThat(node1.status("/readyz")).isEqualTo(200);
        }
    }
}
