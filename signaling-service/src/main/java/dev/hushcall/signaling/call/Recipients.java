package dev.hushcall.signaling.call;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Who a call frame goes to, and the check that the sender sealed one payload for each of them. */
final class Recipients {

    private Recipients() {
    }

    /**
     * The devices on the other side of {@code call} from {@code sender}: before an answer the caller reaches
     * every ringing device; afterwards only the one that answered. Callee devices reach the caller's device.
     */
    static List<DeviceAddress> peersOf(Call call, DeviceAddress sender) {
        if (call.isCaller(sender)) {
            if (call.answeredBy() != 0) {
                return List.of(call.answeredDevice());
            }
            return call.ringing().stream().map(d -> new DeviceAddress(call.callee(), d)).toList();
        }
        if (call.isCalleeDevice(sender) && (call.answeredBy() == 0 || call.answeredBy() == sender.deviceId())) {
            return List.of(call.caller());
        }
        throw new ProtocolException(ErrorCode.NOT_IN_CALL, "your device is not part of call " + call.callId());
    }

    /** Pairs each recipient with its payload; a missing or extra payload is a {@link DeviceMismatch}. */
    static Map<DeviceAddress, DevicePayload> match(String user, Set<Integer> expected, List<DevicePayload> payloads) {
        SortedSet<Integer> sent = payloads.stream().map(DevicePayload::deviceId)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!sent.equals(new TreeSet<>(expected))) {
            List<Integer> missing = new ArrayList<>(expected);
            missing.removeAll(sent);
            List<Integer> extra = new ArrayList<>(sent);
            extra.removeAll(expected);
            throw new DeviceMismatch(user, List.copyOf(new TreeSet<>(expected)), missing, extra);
        }
        return payloads.stream().collect(Collectors.toMap(p -> new DeviceAddress(user, p.deviceId()),
                Function.identity()));
    }

    static Map<DeviceAddress, DevicePayload> match(List<DeviceAddress> peers, List<DevicePayload> payloads) {
        String user = peers.get(0).user();
        return match(user, peers.stream().map(DeviceAddress::deviceId).collect(Collectors.toSet()), payloads);
    }
}
