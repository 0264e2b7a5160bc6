package dev.hushcall.signaling.routing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param gracePeriod how long frames wait for a device whose socket dropped (offers wait their ring lifetime)
 * @param purgeInterval how often expired frames are dropped from mailboxes
 * @param mailboxFrames most frames one device's mailbox holds; what would pass it is refused to its sender
 * @param mailboxBytes  most bytes one device's mailbox holds, likewise
 * @param mailboxHeapShare on the embedded default, the share of the heap all mailboxes together may hold
 */
@Validated
@ConfigurationProperties("hushcall.delivery")
public record DeliveryProperties(@NotNull Duration gracePeriod, @NotNull Duration purgeInterval,
                                 @Min(1) int mailboxFrames, @NotNull DataSize mailboxBytes,
                                 @DecimalMin("0.01") @DecimalMax("0.9") double mailboxHeapShare) {

    MailboxStore.Capacity mailboxCapacity() {
        return new MailboxStore.Capacity(mailboxFrames, mailboxBytes.toBytes());
    }
}
