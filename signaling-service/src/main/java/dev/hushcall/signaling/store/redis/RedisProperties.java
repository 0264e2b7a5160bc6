package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.config.Secret;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where state lives when there is more than one node. Exactly one of {@code url}, {@code sentinel} or
 * {@code clusterNodes}; with none, the service keeps state in memory (one node).
 *
 * @param url          {@code redis://[:password@]host:port[/db]} or {@code rediss://…} for one Redis
 * @param sentinel     a Sentinel-managed primary
 * @param clusterNodes {@code host:port} seeds of a Redis Cluster
 * @param password     password for cluster or sentinel-managed nodes ({@code url} carries its own)
 * @param timeout      connect and read timeout of every command: a Redis that does not answer in time is
 *                     reported as {@code unavailable} instead of holding a socket thread
 * @param poolSize     connections per Redis node
 * @param roundTripsInFlight round trips the node's stores keep out at once ({@link GroupCommit}); what frames ask
 *                     while they are out goes together in the next
 */
@Validated
@ConfigurationProperties("hushcall.redis")
public record RedisProperties(URI url, Sentinel sentinel, List<String> clusterNodes, Secret password,
                              @NotNull Duration timeout, @Positive int poolSize,
                              @Positive int roundTripsInFlight) {

    /** @param master the monitored primary's name; @param nodes the sentinels, {@code host:port} */
    public record Sentinel(String master, List<String> nodes) {
    }

    public RedisProperties {
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
    }

    boolean isCluster() {
        return !clusterNodes.isEmpty();
    }

    boolean isSentinel() {
        return sentinel != null && sentinel.master() != null && !sentinel.master().isBlank();
    }

    @AssertTrue(message = "set only one of hushcall.redis.url, hushcall.redis.sentinel.master, hushcall.redis.cluster-nodes")
    boolean isOneTopology() {
        int set = (url != null ? 1 : 0) + (isSentinel() ? 1 : 0) + (isCluster() ? 1 : 0);
        return set <= 1;
    }

    @AssertTrue(message = "hushcall.redis.round-trips-in-flight must be below hushcall.redis.pool-size")
    boolean isPoolLargeEnough() {
        return roundTripsInFlight < poolSize;
    }

    @AssertTrue(message = "hushcall.redis.timeout must be between 10 ms and 10 s")
    boolean isTimeoutSane() {
        return timeout == null || (timeout.toMillis() >= 10 && timeout.toMillis() <= 10_000);
    }
}
