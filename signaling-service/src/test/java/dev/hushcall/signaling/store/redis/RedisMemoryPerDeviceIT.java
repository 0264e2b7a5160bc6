package dev.hushcall.signaling.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.Coturn;
import dev.hushcall.signaling.testing.RedisServer;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * The Helm chart sizes the bundled Redis's maxmemory from redis.bundled.memory.bytesPerDevice (issue 17: 200 MB held
 * ~700 devices, then writes failed). That figure is measured here, not copied: devices registered through the
 * service with full one-time key pools (100 EC and 100 Kyber, the SDK's refill target) grow a real Redis's
 * used_memory by at most the figure each, and by no less than 80 % of it, so the chart neither starves Redis nor
 * asks for far more than it needs.
 */
@ServiceTest
@DirtiesContext
class RedisMemoryPerDeviceIT {

    private static final int DEVICES = 40;
    private static final int ONE_TIME_KEYS = 100;

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("hushcall.redis.url", redis::url);
    }

    @LocalServerPort
    int port;

    @Test
    void aRegisteredDeviceCostsRedisWhatTheChartSizesItFor() throws Exception {
        long chartFigure = chartBytesPerDevice();
        TestDevices devices = new TestDevices(port);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            devices.register("memory-warm-up", ONE_TIME_KEYS);
            long before = usedMemory(jedis);
            for (int i = 0; i < DEVICES; i++) {
                devices.register("memory-" + i, ONE_TIME_KEYS);
            }
            long perDevice = (usedMemory(jedis) - before) / DEVICES;

            System.out.printf("Redis used_memory per registered device: %d bytes (chart: %d)%n", perDevice, chartFigure);
            assertThat(perDevice).as("bytes per device, measured").isLessThanOrEqualTo(chartFigure)
                    .isGreaterThanOrEqualTo(chartFigure * 8 / 10);
        }
    }

    private static long usedMemory(Jedis jedis) {
        Matcher m = Pattern.compile("(?m)^used_memory:(\\d+)").matcher(jedis.info("memory"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long chartBytesPerDevice() throws Exception {
        Path values = Coturn.turnConfig().getParent().resolve("helm/hushcall/values.yaml");
        Matcher m = Pattern.compile("(?m)^\\s+bytesPerDevice: (\\d+)").matcher(Files.readString(values));
        assertThat(m.find()).as("redis.bundled.memory.bytesPerDevice in " + values).isTrue();
        return Long.parseLong(m.group(1));
    }
}
