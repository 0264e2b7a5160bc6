package dev.hushcall.client;

import dev.hushcall.protocol.DeviceAddress;

/**
 * A contact device presented an identity key other than the one this device trusted before. Nothing is
 * sent to or accepted from it until the app calls {@link HushcallClient#trustIdentity(DeviceAddress)},
 * ideally after the user compared safety numbers.
 *
 * <p>Deliberately not a {@link HushcallException}: this is a local trust decision about someone else's key,
 * not a server refusal. The server's {@code identity_key_mismatch} means the opposite thing (an upload named
 * a different key than <em>this</em> device registered), and an app that answered both by re-registering
 * would throw away its own identity for nothing.
 */
public class IdentityKeyChangedException extends RuntimeException {

    private final transient DeviceAddress contact;

    public IdentityKeyChangedException(DeviceAddress contact) {
        super("the identity key of " + contact + " changed; compare safety numbers, then call trustIdentity");
        this.contact = contact;
    }

    public DeviceAddress contact() {
        return contact;
    }
}
