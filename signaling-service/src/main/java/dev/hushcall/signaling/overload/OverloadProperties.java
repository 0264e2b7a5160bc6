package dev.hushcall.signaling.overload;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * When a node refuses new calls to keep the ones under way going.
 *
 * @param storeWait  the longest the oldest store request may have waited for its round trip before new offers are
 *                   refused; a node that keeps up waits well under a millisecond
 * @param retryAfter what a refused caller is told to wait before offering again
 */
@Validated
@ConfigurationProperties("hushcall.overload")
public record OverloadProperties(@NotNull Duration storeWait, @NotNull Duration retryAfter) {

    @AssertTrue(message = "hushcall.overload.store-wait must be between 1 ms and 10 s")
    boolean isStoreWaitSane() {
        return storeWait == null || (storeWait.toMillis() >= 1 && storeWait.toMillis() <= 10_000);
    }

    @AssertTrue(message = "hushcall.overload.retry-after must be between 100 ms and 1 min")
    boolean isRetryAfterSane() {
        return retryAfter == null || (retryAfter.toMillis() >= 100 && retryAfter.toMillis() <= 60_000);
    }
}
