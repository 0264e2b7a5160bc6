package dev.hushcall.signaling.keys;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the key directory. Defaults and their reasons are in application.yml.
 *
 * @param maxDevices          devices one user may register; a call frame carries at most 16 payloads
 * @param maxPreKeysPerUpload one-time EC keys, and separately one-time Kyber keys, accepted in one request
 * @param maxStoredPreKeys    one-time EC keys, and separately one-time Kyber keys, one device may have waiting:
 *                            a Kyber1024 key is ~2 KB, so an unbounded pool would let one client fill the store
 * @param idReuseDelay        how long a deleted device's id is not handed to a new device: at least as long as
 *                            anything that names the old device by id may still be in flight (checked at start-up
 *                            against the ring lifetime and the delivery grace period)
 */
@Validated
@ConfigurationProperties("hushcall.keys")
public record KeysProperties(@DefaultValue("8") @Min(1) @Max(16) int maxDevices,
                             @DefaultValue("100") @Min(1) @Max(100) int maxPreKeysPerUpload,
                             @DefaultValue("300") @Min(1) @Max(10_000) int maxStoredPreKeys,
                             @DefaultValue("2m") @NotNull Duration idReuseDelay) {

    @AssertTrue(message = "hushcall.keys.max-stored-pre-keys must be at least max-pre-keys-per-upload")
    boolean isOneUploadStorable() {
        return maxStoredPreKeys >= maxPreKeysPerUpload;
    }
}
