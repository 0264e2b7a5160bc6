package dev.hushcall.signaling.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The bucket of every {@link Limit}, and the caps on calls ringing at once and live calls per user; defaults and
 * reasons in application.yml ({@code hushcall.limits}) and docs/protocol.md "Limits".
 *
 * @param ringingPerCaller calls one user may have ringing at once, as caller
 * @param ringingPerCallee calls that may ring one user at once
 * @param liveCallsPerUser live calls (ringing or answered, either side) a user may be in and still place another
 * @param refusedFramesBeforeClose refused frames a socket may send, beyond what its frame bucket refills meanwhile,
 *                                 before it is closed (refused bytes are bounded by the byte bucket's own size)
 */
@Validated
@ConfigurationProperties("hushcall.limits")
public record LimitsProperties(@NotNull @Valid Bucket offersPerDevice, @NotNull @Valid Bucket offersPerPair,
                               @NotNull @Valid Bucket bundlesPerRequester, @NotNull @Valid Bucket bundlesPerPair,
                               @NotNull @Valid Bucket ticketsPerUser, @NotNull @Valid Bucket registrationsPerUser,
                               @NotNull @Valid Bucket keyUploadsPerUser, @NotNull @Valid Bucket turnCredentialsPerUser,
                               @NotNull @Valid Bucket failedAuthPerAddress, @NotNull @Valid Bucket framesPerSocket,
                               @NotNull @Valid Bucket bytesPerSocket,
                               @Min(1) int ringingPerCaller, @Min(1) int ringingPerCallee, @Min(1) int liveCallsPerUser,
                               @Min(1) int refusedFramesBeforeClose) {
}
