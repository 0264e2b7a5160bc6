package dev.hushcall.signaling.call;

import dev.hushcall.protocol.EndReason;
import dev.hushcall.signaling.api.Unavailable;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends calls nobody answered within the ring lifetime, forgets ended calls after their retention, and forgets answered
 * calls nobody hung up within {@link CallStore#ANSWERED_LIFETIME} of their ring deadline.
 * Time comes from the injected clock, so a test steps the clock and the next sweep sees it.
 */
@Component
class RingTimeouts {

    private static final Logger log = LoggerFactory.getLogger(RingTimeouts.class);

    private final CallStore calls;
    private final CallEnding ending;
    private final CallProperties properties;
    private final Clock clock;

    RingTimeouts(CallStore calls, CallEnding ending, CallProperties properties, Clock clock) {
        this.calls = calls;
        this.ending = ending;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${hushcall.calls.sweep-interval}")
    void sweep() {
        try {
            sweep(clock.instant());
        } catch (Unavailable e) {
            // The next sweep catches up: deadlines are stored, not timers.
            log.warn("ring timeout sweep skipped: {}", e.getMessage());
        }
    }

    private void sweep(Instant now) {
        for (Call due : calls.ringingUntil(now)) {
            calls.end(due.callId(), EndReason.TIMEOUT, null, now).ifPresent(before -> {
                log.debug("call {} ended: timeout", before.callId());
                ending.tell(before, EndReason.TIMEOUT, null);
            });
        }
        calls.forgetEndedBefore(now.minus(properties.endedRetention()));
        calls.forgetAnsweredBefore(now.minus(CallStore.ANSWERED_LIFETIME));
    }
}
