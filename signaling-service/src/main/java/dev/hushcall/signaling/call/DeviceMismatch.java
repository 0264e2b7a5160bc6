package dev.hushcall.signaling.call;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import java.util.List;

/** The sender's device list for the recipient is stale: it names which devices to add and drop. */
public class DeviceMismatch extends ProtocolException {

    private final List<Integer> missing;
    private final List<Integer> extra;

    DeviceMismatch(String user, List<Integer> expected, List<Integer> missing, List<Integer> extra) {
        super(ErrorCode.DEVICE_MISMATCH, user + " has devices " + expected + "; missing " + missing + ", extra " + extra);
        this.missing = List.copyOf(missing);
        this.extra = List.copyOf(extra);
    }

    public List<Integer> missing() {
        return missing;
    }

    public List<Integer> extra() {
        return extra;
    }
}
