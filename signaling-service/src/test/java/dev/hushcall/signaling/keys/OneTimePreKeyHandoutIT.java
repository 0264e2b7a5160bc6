package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One-time prekeys leave the server exactly once, even when many callers fetch a bundle at the same moment. */
@ServiceTest
class OneTimePreKeyHandoutIT {

    @LocalServerPort
    int port;

    @Test
    void fiftyConcurrentBundleFetchesHandOutFiftyDistinctPreKeys() throws Exception {
        TestDevices devices = new TestDevices(port);
        TestDevices.Device bob = devices.register("bob-prekeys", 60);
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            callers.add(devices.token("caller-" + i));
        }

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> fetches = new ArrayList<>();
            for (String token : callers) {
                fetches.add(pool.submit(() -> {
                    start.await();
                    return devices.get("/v1/keys/bob-prekeys", token).get("devices").get(0);
                }));
            }
            start.countDown();
            Set<Integer> ecKeys = new HashSet<>();
            Set<Integer> kyberKeys = new HashSet<>();
            for (Future<JsonNode> fetch : fetches) {
                JsonNode bundle = fetch.get(30, TimeUnit.SECONDS);
                ecKeys.add(bundle.get("preKey").get("keyId").asInt());
                kyberKeys.add(bundle.get("kyberPreKey").get("keyId").asInt());
            }
            assertThat(ecKeys).hasSize(50);
            assertThat(kyberKeys).hasSize(50).doesNotContain(1);
        } finally {
            pool.shutdownNow();
        }

        JsonNode left = devices.get("/v1/devices/" + bob.deviceId() + "/keys/count", bob.token());
        assertThat(left.get("preKeys").asInt()).isEqualTo(10);
        assertThat(left.get("kyberPreKeys").asInt()).isEqualTo(10);
    }
}
