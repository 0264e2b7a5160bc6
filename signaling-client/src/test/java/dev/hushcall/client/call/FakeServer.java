package dev.hushcall.client.call;

import dev.hushcall.client.HushcallException;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.testing.TestDevice;
import dev.hushcall.client.transport.ManualScheduler;
import dev.hushcall.client.transport.SignalingTransport;
import dev.hushcall.protocol.ClientMessage;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A few lines of routing standing in for the service: it checks offers against its device list (answering
 * device_mismatch like the real one), routes each payload to its device and hands out bundles. Everything
 * runs on the calling thread, so tests need no waiting.
 */
final class FakeServer {

    /** One device: its crypto, call layer and what its app saw. */
    final class Node implements SignalingTransport {
        final TestDevice device;
        final RecordingListener app = new RecordingListener();
        final List<ClientMessage> sent = new ArrayList<>();
        final List<String> acks = new ArrayList<>();
        final CallEngine calls;
        final InboundDispatcher inbound;
        /** Lets a test refuse frames before routing: return an error, or null to route normally. */
        Function<ClientMessage, ServerMessage.Error> refuse = frame -> null;

        Node(TestDevice device) {
            this.device = device;
            this.calls = new CallEngine(device.address.user(), device.crypto,
                    BundleSource.of(FakeServer.this::bundles, FakeServer.this::bundle), this,
                    Runnable::run, clock, app);
            this.inbound = new InboundDispatcher(device.crypto, calls, app, device.address::deviceId, () -> { });
            inbound.ackThrough(this);
        }

        @Override
        public CompletableFuture<Void> send(ClientMessage message) {
            sent.add(message);
            ServerMessage.Error error = refuse.apply(message);
            if (error == null) {
                error = route(this, message);
            }
            return error == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(HushcallException.rejected(error));
        }

        @Override
        public void acknowledge(String deliveredId) {
            acks.add(deliveredId);
        }

        <T extends ClientMessage> List<T> sent(Class<T> type) {
            return sent.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private record CallRecord(DeviceAddress caller, String callee) {
    }

    /** Time for every device's waits: it moves only when a test advances it. */
    final ManualScheduler clock = new ManualScheduler();
    private final Map<String, Map<Integer, Node>> devices = new HashMap<>();
    private final Map<String, CallRecord> calls = new HashMap<>();
    int bundleFetches;
    /** Devices whose bundle was fetched alone, in order. */
    final List<DeviceAddress> deviceBundleFetches = new ArrayList<>();
    /** Lets a test play a hostile server: rewrite each routed frame before it is delivered. */
    UnaryOperator<ServerMessage.Routed> rewrite = UnaryOperator.identity();

    Node register(String user, int deviceId) {
        Node node = new Node(TestDevice.create(user, deviceId));
        devices.computeIfAbsent(user, u -> new TreeMap<>()).put(deviceId, node);
        return node;
    }

    void unregister(DeviceAddress address) {
        devices.get(address.user()).remove(address.deviceId());
    }

    UserBundles bundles(String user) {
        bundleFetches++;
        return TestDevice.bundles(devices.get(user).values().stream().map(n -> n.device).toArray(TestDevice[]::new));
    }

    /** One device's bundle, as GET /v1/keys/{user}/{deviceId} hands it out; unknown_device when it is not there. */
    UserBundles bundle(String user, int deviceId) {
        deviceBundleFetches.add(new DeviceAddress(user, deviceId));
        Node node = devices.getOrDefault(user, Map.of()).get(deviceId);
        if (node == null) {
            throw new HushcallException(ErrorCode.UNKNOWN_DEVICE, "this user has no device " + deviceId, 404);
        }
        return TestDevice.bundles(node.device);
    }

    private ServerMessage.Error route(Node from, ClientMessage message) {
        DeviceAddress sender = from.device.address;
        if (message instanceof ClientMessage.Offer offer) {
            ServerMessage.Error mismatch = checkDevices(offer.id(), offer.to(), offer.payloads());
            if (mismatch != null) {
                return mismatch;
            }
            calls.put(offer.callId(), new CallRecord(sender, offer.to()));
        }
        if (message instanceof ClientMessage.WithPayloads call) {
            CallRecord record = calls.get(call.callId());
            String peer = record.caller().equals(sender) ? record.callee() : record.caller().user();
            for (DevicePayload payload : call.payloads()) {
                devices.get(peer).get(payload.deviceId()).inbound
                        .onDelivered(rewrite.apply(delivered(call, sender, payload)));
            }
        }
        return null;
    }

    private ServerMessage.Error checkDevices(String ref, String user, List<DevicePayload> payloads) {
        Set<Integer> registered = devices.get(user).keySet();
        Set<Integer> sentTo = payloads.stream().map(DevicePayload::deviceId).collect(Collectors.toSet());
        List<Integer> missing = registered.stream().filter(id -> !sentTo.contains(id)).sorted().toList();
        List<Integer> extra = sentTo.stream().filter(id -> !registered.contains(id)).sorted().toList();
        if (missing.isEmpty() && extra.isEmpty()) {
            return null;
        }
        return new ServerMessage.Error(ErrorCode.DEVICE_MISMATCH, "stale device list", ref, missing, extra);
    }

    private static ServerMessage.Routed delivered(ClientMessage.WithPayloads call, DeviceAddress from,
                                                  DevicePayload payload) {
        String id = "s-" + UUID.randomUUID();
        if (call instanceof ClientMessage.Offer) {
            return new ServerMessage.Offer(id, call.callId(), from, payload);
        } else if (call instanceof ClientMessage.Answer) {
            return new ServerMessage.Answer(id, call.callId(), from, payload);
        } else if (call instanceof ClientMessage.Ice) {
            return new ServerMessage.Ice(id, call.callId(), from, payload);
        }
        return new ServerMessage.Renegotiate(id, call.callId(), from, payload);
    }
}
