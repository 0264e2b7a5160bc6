package dev.hushcall.signaling.testing;

import dev.hushcall.signaling.HushcallApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The real service on a random port, on its embedded default, with the dev profile (tokens) and a
 * {@link SteppingClock} tests move by hand. Sweeps run every 50 ms so a step is seen quickly. New offers are shed only
 * past 1 s of lag, not the default 50 ms: on a CI machine whose two cores other suites share, a test of routing or of
 * limits should not meet shedding, which {@code SheddingRedisIT} tests with the default bound.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = HushcallApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hushcall.calls.sweep-interval=50ms", "hushcall.delivery.purge-interval=50ms",
                "hushcall.overload.store-wait=1s"})
@ActiveProfiles("dev")
@Import(ServiceTest.Clocks.class)
public @interface ServiceTest {

    @TestConfiguration(proxyBeanMethods = false)
    class Clocks {
        @Bean
        @Primary
        SteppingClock steppingClock() {
            return new SteppingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
