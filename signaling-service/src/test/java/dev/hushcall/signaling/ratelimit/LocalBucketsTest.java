package dev.hushcall.signaling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBucketsTest extends RateLimitStoreContract {

    @Override
    protected RateLimitStore newStore() {
        return new LocalBuckets();
    }

    @Test
    void bucketsThatFilledUpAgainAreForgotten() {
        LocalBuckets buckets = new LocalBuckets();
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        Bucket bucket = new Bucket(2, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            buckets.take("user-" + i, List.of(new RateLimitStore.Take(Limit.TICKETS_PER_USER, "", bucket)), now);
        }
        assertThat(buckets.size()).isEqualTo(100);
        buckets.purge(now.plusMillis(999));
        assertThat(buckets.size()).as("one token out, back only after a second").isEqualTo(100);
        buckets.purge(now.plusSeconds(1));
        assertThat(buckets.size()).isZero();
    }
}
