package dev.hushcall.client.call;

import dev.hushcall.client.HushcallException;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.transport.Scheduler;
import dev.hushcall.client.transport.SignalingTransport;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import java.time.Duration;
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
 *
 * <p>A frame the server refused for now ({@code rate_limited}, or {@code unavailable} from a node past its capacity,
 * each with {@code retryAfterMs}: nothing of it was done) is sent again as it was, its id too, after
 * the wait the server named, for as long as the waits add up to at most {@link #MOST_WAIT}; past that the send fails
 * with the server's refusal.
 */
final class PayloadSender {

    /**
     * How long, in all, a frame may wait on the server's refusals before its send fails: short of the ring time, so
     * a caller still rings the callee once a busy node takes the offer.
     */
    static final Duration MOST_WAIT = Duration.ofSeconds(10);

    private final SessionCrypto crypto;
    private final BundleSource bundles;
    private final SignalingTransport transport;
    private final Executor outbound;
    private final Scheduler scheduler;

    PayloadSender(SessionCrypto crypto, BundleSource bundles, SignalingTransport transport, Executor outbound,
                  Scheduler scheduler) {
        this.crypto = crypto;
        this.bundles = bundles;
        this.transport = transport;
        this.outbound = outbound;
        this.scheduler = scheduler;
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

    /** @param mayRepair whether a {@code device_mismatch} may still be repaired (once per frame) */
    private CompletableFuture<Void> attempt(Outgoing outgoing, Map<Integer, DevicePayload> payloads,
                                            boolean mayRepair) {
        if (payloads.isEmpty()) {
            return CompletableFuture.failedFuture(new HushcallException(ErrorCode.INVALID_STATE,
                    "no device of " + outgoing.user() + " to send to"));
        }
        outgoing.recipientsChanged().accept(Set.copyOf(payloads.keySet()));
        ClientMessage frame = outgoing.frame().apply(UUID.randomUUID().toString(), List.copyOf(payloads.values()));
        return waitingOutRefusals(frame, Duration.ZERO).handle((ok, error) -> {
            HushcallException mismatch = deviceMismatch(error);
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (mismatch == null || !mayRepair) {
                return CompletableFuture.<Void>failedFuture(unwrap(error));
            }
            return CompletableFuture.supplyAsync(() -> repair(outgoing, payloads, mismatch), outbound)
                    .thenCompose(repaired -> attempt(outgoing, repaired, false));
        }).thenCompose(next -> next);
    }

    /**
     * Sends {@code frame}; refused for now, sends the very same frame, id included, after the wait the server named.
     * The same id makes the resend safe whatever happened before it: a frame whose first send took effect on a node
     * that died before acking it, and whose resend a busy node then refused, is acked as a repeat, not acted on twice.
     */
    private CompletableFuture<Void> waitingOutRefusals(ClientMessage frame, Duration waited) {
        return transport.send(frame).handle((ok, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Duration wait = refusedForNow(error);
            if (wait == null || waited.plus(wait).compareTo(MOST_WAIT) > 0) {
                return CompletableFuture.<Void>failedFuture(unwrap(error));
            }
            return later(wait).thenCompose(ready -> waitingOutRefusals(frame, waited.plus(wait)));
        }).thenCompose(next -> next);
    }

    /** Completes on the outbound executor after {@code wait}. */
    private CompletableFuture<Void> later(Duration wait) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        scheduler.schedule(wait, () -> outbound.execute(() -> due.complete(null)));
        return due;
    }

    /** The wait the server named when it refused a frame for now; null for any other failure. */
    private static Duration refusedForNow(Throwable error) {
        if (unwrap(error) instanceof HushcallException e
                && (e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.UNAVAILABLE)) {
            return e.retryAfter().orElse(null);
        }
        return null;
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
