package dev.hushcall.signaling.call;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import dev.hushcall.protocol.ServerMessage;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.routing.Router;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tells each device of an ended call that it is over, in its own words: a callee device whose sibling
 * declined hears {@code declined_elsewhere}, not {@code declined}. Frames of the call that a device has
 * not received yet are dropped first: after {@code call.ended} they would only confuse it.
 */
@Component
class CallEnding {

    private final Router router;
    private final CallMetrics metrics;

    CallEnding(Router router, CallMetrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * {@code call} as it was just before it ended. Everyone in it but {@code by}, the device whose action ended
     * it, hears {@code reason}. A call that lost glare never rang anyone, so only its caller hears of it.
     */
    void tell(Call call, EndReason reason, DeviceAddress by) {
        if (call.state().isLive()) {
            metrics.callEnded(reason);
        }
        List<DeviceAddress> participants = participants(call);
        router.forgetCall(participants, call.callId());
        for (DeviceAddress device : participants) {
            if (!device.equals(by)) {
                send(device, call.callId(), reasonFor(call, device, reason, by), by);
            }
        }
    }

    /** The answer went to {@code answerer}: every other ringing device stops with {@code reason}. */
    void tellOtherRingingDevices(Call call, DeviceAddress answerer, EndReason reason) {
        List<DeviceAddress> others = call.ringing().stream()
                .map(deviceId -> new DeviceAddress(call.callee(), deviceId))
                .filter(device -> !device.equals(answerer))
                .toList();
        if (others.isEmpty()) {
            return;
        }
        router.forgetCall(others, call.callId());
        others.forEach(device -> send(device, call.callId(), reason, answerer));
    }

    private void send(DeviceAddress device, String callId, EndReason reason, DeviceAddress by) {
        router.deliver(device, new ServerMessage.Ended(Router.newMessageId(), callId, reason, by));
    }

    private static List<DeviceAddress> participants(Call call) {
        List<DeviceAddress> all = new ArrayList<>();
        all.add(call.caller());
        if (call.state() == CallState.ENDED) {
            return all;
        }
        if (call.answeredBy() != 0) {
            all.add(call.answeredDevice());
        } else {
            call.ringing().forEach(d -> all.add(new DeviceAddress(call.callee(), d)));
        }
        return all;
    }

    private static EndReason reasonFor(Call call, DeviceAddress device, EndReason reason, DeviceAddress by) {
        boolean siblingActed = by != null && !call.isCaller(device) && call.callee().equals(by.user());
        if (siblingActed && (reason == EndReason.DECLINED || reason == EndReason.BUSY)) {
            return EndReason.DECLINED_ELSEWHERE;
        }
        return reason;
    }
}
