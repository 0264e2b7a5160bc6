package dev.hushcall.signaling.store.redis;

import dev.hushcall.signaling.metrics.MetricNames;
import dev.hushcall.signaling.overload.StoreBacklog;
import dev.hushcall.signaling.store.StoreSelection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/** The Redis connection: standalone, Sentinel or Cluster, all behind Jedis's {@link UnifiedJedis}. */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.UsesRedis.class)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    UnifiedJedis redis(RedisProperties properties) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(properties.poolSize());
        pool.setMaxIdle(properties.poolSize());
        // Waiting for a pooled connection counts against the same budget as the command.
        pool.setMaxWait(properties.timeout());
        // After a Redis restart every idle pooled connection is dead, and each would fail one command before
        // being dropped. PINGing idle connections every second clears them within a second of Redis returning.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        if (properties.isCluster()) {
            return new JedisCluster(hosts(properties.clusterNodes()), clientConfig(properties, null, true), 3, pool);
        }
        if (properties.isSentinel()) {
            return new JedisSentineled(properties.sentinel().master(), clientConfig(properties, null, true), pool,
                    hosts(properties.sentinel().nodes()), clientConfig(properties, null, true));
        }
        var url = properties.url();
        return new JedisPooled(standaloneHost(url),
                clientConfig(properties, url, true), pool);
    }

    /** Every store's round trips, shared (the bus keeps its own connections: a subscriber's never returns). */
    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(UnifiedJedis redis, RedisProperties properties, MeterRegistry registry) {
        GroupCommit commit = new GroupCommit(redis, properties.roundTripsInFlight(), properties.timeout());
        FunctionCounter.builder(MetricNames.REDIS_ROUND_TRIPS, commit, GroupCommit::roundTrips)
                .description("Round trips the stores made to Redis").register(registry);
        FunctionCounter.builder(MetricNames.REDIS_EXCHANGES, commit, GroupCommit::exchanges)
                .description("Store requests sent to Redis; per round trip, how full the trips are").register(registry);
        return commit;
    }

    /** How far behind the stores' round trips are, for shedding. */
    @Bean
    StoreBacklog redisStoreBacklog(GroupCommit commit) {
        return commit::oldestWaitNanos;
    }

    /**
     * @param readTimeout false for a subscriber's connection, which waits for messages indefinitely
     */
    static JedisClientConfig clientConfig(RedisProperties properties, java.net.URI url, boolean readTimeout) {
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) properties.timeout().toMillis())
                .socketTimeoutMillis(readTimeout ? (int) properties.timeout().toMillis() : 0)
                .clientName("hushcall");
        if (properties.password() != null) {
            config.password(properties.password().value());
        }
        if (url != null) {
            config.ssl("rediss".equals(url.getScheme()));
            if (url.getUserInfo() != null) {
                String info = url.getUserInfo();
                config.password(info.substring(info.indexOf(':') + 1));
            }
            String path = url.getPath();
            if (path != null && path.length() > 1) {
                config.database(Integer.parseInt(path.substring(1)));
            }
        }
        return config.build();
    }

    static HostAndPort standaloneHost(java.net.URI url) {
        return new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort());
    }

    static Set<HostAndPort> hosts(java.util.List<String> nodes) {
        return nodes.stream().map(HostAndPort::from).collect(Collectors.toSet());
    }
}
