package dev.hushcall.client.call;

import dev.hushcall.client.HushcallException;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.transport.SignalingTransport;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Seals one payload per recipient device and sends the frame. When the server answers
 * {@code device_mismatch}, the recipient list was stale: sessions of extra devices are dropped, sessions for
 * missing ones are built from those devices' own fresh bundles (no other device's one-time prekey is spent), and the frame is sent once more under a new id (the refused id
 * may be remembered by the server). Payloads for devices that stay are reused, so their ratchets do not skip.
 */
final class PayloadSender {

    private final SessionCrypto crypto;
    private final BundleSource bundles;
    private final SignalingTransport transport;
    private final Executor outbound;

    PayloadSender(SessionCrypto crypto, BundleSource bundles, SignalingTransport transport, Executor outbound) {
        this.crypto = crypto;
        this.bundles = bundles;
        this.transport = transport;
        this.outbound = outbound;
    }

    /** A frame under construction: whom it goes to and how to wrap the payloads. */
    record Outgoing(String user, byte[] plaintext,
                    BiFunction<String, List<DevicePayload>, ClientMessage> frame,
                    Consumer<Set<Integer>> recipientsChanged) {
    }

    /** Sends to every device of the user this device has a session with, fetching bundles if it has none. */
    CompletableFuture<Void> sendToAllDevices(Outgoing outgoing) {
        return CompletableFuture.supplyAsync(() -> {
            if (crypto.sessionDevices(outgoing.user()).isEmpty()) {
                crypto.buildSessions(bundles.fetch(outgoing.user()), id -> true);
            }
            return Set.copyOf(crypto.sessionDevices(outgoing.user()));
        }, outbound).thenCompose(devices -> send(outgoing, devices));
    }

    /** Sends to exactly {@code devices} of the user. */
    CompletableFuture<Void> send(Outgoing outgoing, Set<Integer> devices) {
        return CompletableFuture.supplyAsync(() -> seal(outgoing, devices, new TreeMap<>()), outbound)
                .thenCompose(payloads -> attempt(outgoing, payloads, true));
    }

    private CompletableFuture<Void> attempt(Outgoing outgoing, Map<Integer, DevicePayload> payloads,
                                            boolean mayRetry) {
        if (payloads.isEmpty()) {
            return CompletableFuture.failedFuture(new HushcallException(ErrorCode.INVALID_STATE,
                    "no device of " + outgoing.user() + " to send to"));
        }
        outgoing.recipientsChanged().accept(Set.copyOf(payloads.keySet()));
        ClientMessage frame = outgoing.frame().apply(UUID.randomUUID().toString(), List.copyOf(payloads.values()));
        return transport.send(frame).handle((ok, error) -> {
            HushcallException mismatch = deviceMismatch(error);
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (mismatch == null || !mayRetry) {
                return CompletableFuture.<Void>failedFuture(unwrap(error));
            }
            return CompletableFuture.supplyAsync(() -> repair(outgoing, payloads, mismatch), outbound)
                    .thenCompose(repaired -> attempt(outgoing, repaired, false));
        }).thenCompose(next -> next);
    }

    private Map<Integer, DevicePayload> repair(Outgoing outgoing, Map<Integer, DevicePayload> sent,
                                               HushcallException mismatch) {
        Map<Integer, DevicePayload> payloads = new TreeMap<>(sent);
        for (int extra : mismatch.extraDevices()) {
            payloads.remove(extra);
            crypto.dropSession(new DeviceAddress(outgoing.user(), extra));
        }
        Set<Integer> repaired = new TreeSet<>();
        for (int missing : mismatch.missingDevices()) {
            if (buildSession(outgoing.user(), missing)) {
                repaired.add(missing);
            }
        }
        return seal(outgoing, repaired, payloads);
    }

    /**
     * Builds a session with one device from its own bundle, so the user's other devices keep their one-time prekeys;
     * false when the device is gone (removed since the server answered), and so is left out.
     */
    private boolean buildSession(String user, int deviceId) {
        UserBundles bundle;
        try {
            bundle = bundles.fetchDevice(user, deviceId);
        } catch (HushcallException e) {
            if (e.code() == ErrorCode.UNKNOWN_DEVICE) {
                return false;
            }
            throw e;
        }
        crypto.buildSessions(bundle, id -> id == deviceId);
        return crypto.sessionDevices(user).contains(deviceId);
    }

    private Map<Integer, DevicePayload> seal(Outgoing outgoing, Set<Integer> devices,
                                             Map<Integer, DevicePayload> into) {
        for (int deviceId : devices) {
            into.put(deviceId, crypto.encrypt(new DeviceAddress(outgoing.user(), deviceId), outgoing.plaintext()));
        }
        return into;
    }

    private static HushcallException deviceMismatch(Throwable error) {
        return unwrap(error) instanceof HushcallException e && e.code() == ErrorCode.DEVICE_MISMATCH ? e : null;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
