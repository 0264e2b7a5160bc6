package dev.hushcall.signaling.api;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API. Defaults and their reasons are in application.yml.
 *
 * @param maxBodySize the largest request body any endpoint reads; a larger one is refused with 413 before it is read
 */
@Validated
@ConfigurationProperties("hushcall.api")
public record ApiProperties(@NotNull DataSize maxBodySize) {

    @AssertTrue(message = "hushcall.api.max-body-size must be 1KB to 16MB")
    boolean isMaxBodySizeSensible() {
        return maxBodySize == null
                || maxBodySize.toBytes() >= 1024 && maxBodySize.compareTo(DataSize.ofMegabytes(16)) <= 0;
    }
}
