package dev.hushcall.client;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;

/**
 * A contact device presented an identity key other than the one this device trusted before. Nothing is
 * sent to or accepted from it until the app calls {@link HushcallClient#trustIdentity(DeviceAddress)},
 * ideally after the user compared safety numbers.
 */
public class IdentityKeyChangedException extends HushcallException {

    private final transient DeviceAddress contact;

    public IdentityKeyChangedException(DeviceAddress contact) {
        super(ErrorCode.IDENTITY_KEY_MISMATCH, "the identity key of " + contact + " changed");
        this.contact = contact;
    }

    public DeviceAddress contact() {
        return contact;
    }
}
