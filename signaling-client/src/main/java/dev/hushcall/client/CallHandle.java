package dev.hushcall.client;

import java.util.concurrent.CompletableFuture;

/**
 * A call this device placed.
 *
 * @param callId the call's id, for every later method and callback
 * @param sent   completes when the server accepted the offer (the callee devices are ringing); fails with a
 *               {@link HushcallException}, for example {@code unknown_user} or {@code call_exists}, or with an
 *               {@link IdentityKeyChangedException} when a callee device's identity key changed
 */
public record CallHandle(String callId, CompletableFuture<Void> sent) {
}
