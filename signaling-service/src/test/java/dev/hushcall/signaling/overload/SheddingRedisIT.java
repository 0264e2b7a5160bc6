package dev.hushcall.signaling.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.RawSocket;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.RedisStall;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.Settled;
import dev.hushcall.signaling.testing.TestDevices;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import tools.jackson.databind.JsonNode;

/**
 * A node on a real Redis that stops answering for a while (a script keeps it busy for 1.5 s): while the node's store is
 * behind, a new offer is refused at once, {@code unavailable} with when to try again, without touching Redis; a
 * candidate of the call under way waits and goes through; and the refused offer, sent again, rings.
 */
@ServiceTest
@DirtiesContext
class SheddingRedisIT {

    private static final String BODY = "AAECAwQFBgcICQ==";

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("hushcall.redis.url", redis::url);
        // Longer than the stall, so the stalled frames wait it out instead of failing.
        registry.add("hushcall.redis.timeout", () -> "5s");
        // The service's default bound, which @ServiceTest raises for the tests that are not about shedding.
        registry.add("hushcall.overload.store-wait", () -> "50ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    StoreBacklog backlog;

    @Autowired
    MeterRegistry registry;

    private static String frame(String type, String id, String callId, String extra) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\"" + extra
                + ",\"payloads\":[{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}]}";
    }

    @Test
    void whileTheStoreIsBehindANewOfferIsRefusedAtOnceAndACallUnderWayGoesOn() throws Exception {
        TestDevices devices = new TestDevices(port);
        var alice = devices.register("alice", 1);
        var bob = devices.register("bob", 1);
        var carol = devices.register("carol", 1);
        var dave = devices.register("dave", 1);
        double shedBefore = registry.counter("hushcall.overload.shed").count();
        try (RawSocket aliceSocket = devices.connect(alice); RawSocket bobSocket = devices.connect(bob);
             RawSocket carolSocket = devices.connect(carol); RawSocket daveSocket = devices.connect(dave);
             JedisPooled admin = new JedisPooled(new HostAndPort("127.0.0.1", redis.port()),
                     DefaultJedisClientConfig.builder().socketTimeoutMillis(5000).build())) {
            aliceSocket.send(frame("call.offer", "o1", "under-way", ",\"to\":\"bob\""));
            assertThat(aliceSocket.replyTo("o1").path("type").asString()).isEqualTo("ack");
            bobSocket.send(frame("call.answer", "a1", "under-way", ""));
            assertThat(bobSocket.replyTo("a1").path("type").asString()).isEqualTo("ack");

            CompletableFuture<Object> busy = CompletableFuture.supplyAsync(
                    () -> RedisStall.run(admin, 1500));
            Thread.sleep(200);
            bobSocket.send(frame("call.ice", "i1", "under-way", ""));
            assertThat(Settled.answer(backlog::oldestWaitNanos, nanos -> nanos < 100_000_000L))
                    .as("the node waits on Redis, ns").isGreaterThanOrEqualTo(100_000_000L);

            carolSocket.send(frame("call.offer", "o2", "new-call", ",\"to\":\"dave\""));
            JsonNode refused = carolSocket.replyTo("o2");
            assertThat(busy).as("refused while Redis was still busy").isNotDone();
            assertThat(refused.path("code").asString()).as(refused.toString()).isEqualTo("unavailable");
            assertThat(refused.path("message").asString()).contains("too busy to take a new call");
            assertThat(refused.path("retryAfterMs").asLong()).isEqualTo(2000);

            assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(bobSocket.replyTo("i1").path("type").asString()).isEqualTo("ack");
            assertThat(aliceSocket.await(f -> "call.ice".equals(f.path("type").asString())).path("callId").asString())
                    .isEqualTo("under-way");
            carolSocket.send(frame("call.offer", "o2", "new-call", ",\"to\":\"dave\""));
            assertThat(carolSocket.replyTo("o2").path("type").asString()).isEqualTo("ack");
            assertThat(daveSocket.await(f -> "call.offer".equals(f.path("type").asString())).path("callId").asString())
                    .isEqualTo("new-call");
        }
        assertThat(registry.counter("hushcall.overload.shed").count() - shedBefore).isEqualTo(1);
    }
}
