package dev.hushcall.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.List;

/**
 * The shapes of offered load; a virtual user is one call set-up. {@code rate} is call set-ups per second at the
 * plateau and {@code duration} its length. Every profile but {@link #STRESS} is judged by the same assertions;
 * stress climbs until something gives, so only its failures are asserted.
 */
public enum LoadProfile {
    /** CI: a handful of calls in a few seconds against a fresh service. */
    SMOKE(2, Duration.ofSeconds(4)) {
        @Override
        public List<OpenInjectionStep> injection(double rate, Duration duration) {
            return List.of(constantUsersPerSec(rate).during(duration));
        }
    },
    /** From 1/s up to the rate over the duration: where does latency start to bend? */
    RAMP(500, Duration.ofSeconds(60)) {
        @Override
        public List<OpenInjectionStep> injection(double rate, Duration duration) {
            return List.of(rampUsersPerSec(1).to(rate).during(duration));
        }
    },
    /** A short ramp, then the rate held: the benchmark's measuring profile (warm the server up first). */
    STEADY(1000, Duration.ofSeconds(30)) {
        @Override
        public List<OpenInjectionStep> injection(double rate, Duration duration) {
            return List.of(rampUsersPerSec(rate / 10).to(rate).during(Duration.ofSeconds(3)),
                    constantUsersPerSec(rate).during(duration));
        }
    },
    /** The rate held for a long time: leaks, mailbox and call-state growth, GC pauses. */
    SOAK(200, Duration.ofMinutes(30)) {
        @Override
        public List<OpenInjectionStep> injection(double rate, Duration duration) {
            return List.of(rampUsersPerSec(1).to(rate).during(Duration.ofSeconds(30)),
                    constantUsersPerSec(rate).during(duration));
        }
    },
    /** Five steps of rate/5 each lasting the duration: the rate at which the service breaks. */
    STRESS(2000, Duration.ofSeconds(20)) {
        @Override
        public List<OpenInjectionStep> injection(double rate, Duration duration) {
            return List.of(incrementUsersPerSec(rate / 5).times(5).eachLevelLasting(duration)
                    .separatedByRampsLasting(Duration.ofSeconds(2)).startingFrom(rate / 5));
        }
    };

    private final double defaultRate;
    private final Duration defaultDuration;

    LoadProfile(double defaultRate, Duration defaultDuration) {
        this.defaultRate = defaultRate;
        this.defaultDuration = defaultDuration;
    }

    public abstract List<OpenInjectionStep> injection(double rate, Duration duration);

    public double defaultRate() {
        return defaultRate;
    }

    public Duration defaultDuration() {
        return defaultDuration;
    }

    /** Whether the p99 bound is part of the verdict. */
    public boolean assertsLatency() {
        return this != STRESS;
    }
}
