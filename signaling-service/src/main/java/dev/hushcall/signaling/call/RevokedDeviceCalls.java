package dev.hushcall.signaling.call;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes a deleted or re-registered device out of its calls: nothing sealed for its old keys can be used, and no
 * device that later holds its id may answer, hear or end a call meant for it.
 *
 * <ul>
 *   <li>a call it placed, or answered, ends with {@code failed} for the other side;</li>
 *   <li>a call ringing it stops ringing it; if no device of the callee is left ringing, the caller hears
 *   {@code failed}, with {@code by} naming the revoked device.</li>
 * </ul>
 */
@Component
public class RevokedDeviceCalls {

    private static final Logger log = LoggerFactory.getLogger(RevokedDeviceCalls.class);

    private final CallStore calls;
    private final CallEnding ending;
    private final Clock clock;

    RevokedDeviceCalls(CallStore calls, CallEnding ending, Clock clock) {
        this.calls = calls;
        this.ending = ending;
        this.clock = clock;
    }

    public void withdraw(DeviceAddress device) {
        Instant now = clock.instant();
        for (Call call : calls.liveCallsOf(device.user())) {
            if (call.isCaller(device) || device.equals(call.answeredDevice())) {
                end(call.callId(), device, now);
            } else if (call.isCalleeDevice(device)) {
                calls.stopRinging(call.callId(), device.deviceId()).ifPresentOrElse(after -> {
                    if (after.ringing().isEmpty()) {
                        end(after.callId(), device, now);
                    }
                }, () -> calls.find(call.callId()) // it moved on since it was listed: answered by this device?
                        .filter(moved -> device.equals(moved.answeredDevice()))
                        .ifPresent(moved -> end(moved.callId(), device, now)));
            }
        }
    }

    private void end(String callId, DeviceAddress revoked, Instant now) {
        calls.end(callId, EndReason.FAILED, revoked, now).ifPresent(before -> {
            log.debug("call {} ended: its device {} was revoked", callId, revoked.deviceId());
            // The revoked device is "by": everyone else in the call is told, it is not.
            ending.tell(before, EndReason.FAILED, revoked);
        });
    }
}
