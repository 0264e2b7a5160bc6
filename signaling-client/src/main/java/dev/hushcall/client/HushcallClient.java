package dev.hushcall.client;

import dev.hushcall.client.api.DeviceInfo;
import dev.hushcall.client.api.Endpoints;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import dev.hushcall.client.api.HushcallApi;
import dev.hushcall.client.api.TurnCredentials;
import dev.hushcall.client.call.BundleSource;
import dev.hushcall.client.call.CallEngine;
import dev.hushcall.client.call.InboundDispatcher;
import dev.hushcall.client.keys.DeviceKeyGenerator;
import dev.hushcall.client.keys.KeyManager;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.store.SignalStore;
import dev.hushcall.client.transport.ConnectionListener;
import dev.hushcall.client.transport.ConnectionState;
import dev.hushcall.client.transport.SerialExecutor;
import dev.hushcall.client.transport.WebSocketTransport;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One device of one Hushcall user: registers its keys, keeps a socket open and places and answers
 * end-to-end encrypted calls. Build it with {@link #builder()}. Methods returning a future never block;
 * {@link #register()}, {@link #reRegister()}, {@link #devices()} and {@link #turnCredentials()} do (HTTP).
 *
 * <pre>{@code
 * HushcallClient alice = HushcallClient.builder()
 *         .baseUri(URI.create("http://localhost:8080")).user("alice").token(() -> jwt)
 *         .store(new InMemoryKeyValueStore()).listener(myListener).build();
 * alice.register();
 * alice.connect().join();
 * CallHandle call = alice.placeCall("bob", offerSdp);
 * call.sent().join();
 * }</pre>
 */
public final class HushcallClient implements AutoCloseable {

    private final String user;
    private final HushcallApi api;
    private final SignalStore store;
    private final KeyManager keys;
    private final SessionCrypto crypto;
    private final CallEngine calls;
    private final WebSocketTransport transport;
    private final CallListener listener;
    private final HushcallClientBuilder.Resources resources;
    private final AtomicInteger connections = new AtomicInteger();

    HushcallClient(HushcallClientBuilder b, HushcallClientBuilder.Resources resources) {
        this.user = b.user;
        this.listener = b.listener;
        this.resources = resources;
        this.api = new HushcallApi(new Endpoints(b.baseUris), b.token, resources.rest());
        this.store = new SignalStore(b.store);
        this.keys = new KeyManager(api, store, new DeviceKeyGenerator(store, b.clock), b.keyPolicy);
        this.crypto = new SessionCrypto(store, b.clock, this::identityChanged);
        var dispatcherRef = new InboundDispatcher[1];
        this.transport = new WebSocketTransport(b.transportConfig, resources.sockets(),
                this::nextSocketUri, resources.scheduler(),
                resources.executor(), new Events(() -> dispatcherRef[0]));
        this.calls = new CallEngine(user, crypto, BundleSource.of(api::bundles, api::bundle), transport,
                new SerialExecutor(resources.executor()), resources.scheduler(), listener);
        dispatcherRef[0] = new InboundDispatcher(crypto, calls, listener, this::requireDeviceId, this::refillLater);
        dispatcherRef[0].ackThrough(transport);
    }

    /** Each connection after the first moves on to the next endpoint: away from a node that died or drains. */
    private URI nextSocketUri() {
        if (connections.getAndIncrement() > 0) {
            api.endpoints().rotate();
        }
        return api.socketUri(api.socketTicket(requireDeviceId()).ticket());
    }

    public static HushcallClientBuilder builder() {
        return new HushcallClientBuilder();
    }

    /** Registers this device (uploading its keys) unless the store says it already is; returns its device id. */
    public int register() {
        return keys.register();
    }

    /** Replaces this device's identity key and all prekeys; contacts will see a new safety number. */
    public void reRegister() {
        keys.reRegister();
    }

    /** Opens the socket; completes when it is open. Drops reconnect on their own until {@link #close()}. */
    public CompletableFuture<Void> connect() {
        requireDeviceId();
        return transport.connect();
    }

    /** Rings every device of {@code user} with {@code sdp}, sealed per device. */
    public CallHandle placeCall(String user, String sdp) {
        return calls.placeCall(user, sdp);
    }

    public CompletableFuture<Void> answer(String callId, String sdp) {
        return calls.answer(callId, sdp);
    }

    public CompletableFuture<Void> sendIce(String callId, String candidateJson) {
        return calls.sendIce(callId, candidateJson);
    }

    public CompletableFuture<Void> renegotiate(String callId, String sdp) {
        return calls.renegotiate(callId, sdp);
    }

    public CompletableFuture<Void> hangup(String callId) {
        return calls.hangup(callId);
    }

    public CompletableFuture<Void> decline(String callId) {
        return calls.decline(callId);
    }

    public CompletableFuture<Void> busy(String callId) {
        return calls.busy(callId);
    }

    /**
     * Fresh TURN credentials for this user's ICE agent: asked on the socket while it is open, which saves an HTTP
     * request before a call, and over HTTP otherwise. Blocks either way.
     */
    public TurnCredentials turnCredentials() {
        if (transport.state() != ConnectionState.OPEN) {
            return api.turnCredentials();
        }
        try {
            ServerMessage.TurnCredentials answer = transport.turnCredentials(null).join();
            return new TurnCredentials(answer.username(), answer.password(), answer.ttl(), answer.uris());
        } catch (CompletionException e) {
            throw e.getCause() instanceof HushcallException refused ? refused : e;
        }
    }

    /** This user's registered devices. */
    public List<DeviceInfo> devices() {
        return api.devices();
    }

    /** The safety number shared with {@code contact}, once this device has seen the contact's identity key. */
    public Optional<String> safetyNumber(DeviceAddress contact) {
        return crypto.safetyNumber(user, contact);
    }

    /**
     * Accepts the changed identity key of {@code contact} reported by
     * {@link CallListener#onIdentityKeyChanged}. Returns false when no change is pending for it.
     */
    public boolean trustIdentity(DeviceAddress contact) {
        return crypto.trustChangedIdentity(contact);
    }

    /** This device's address; fails before {@link #register()}. */
    public DeviceAddress address() {
        return new DeviceAddress(user, requireDeviceId());
    }

    /** The REST client, for calls the facade does not wrap (prekey count, device removal). */
    public HushcallApi api() {
        return api;
    }

    /** Cuts the socket as a network drop would, without a close handshake; it reconnects. For tests. */
    public void dropConnection() {
        transport.dropConnection();
    }

    /** Client frames sent and not yet acked or refused. */
    public int pendingFrames() {
        return transport.pendingFrames();
    }

    @Override
    public void close() {
        transport.close();
        resources.close();
    }

    private int requireDeviceId() {
        return store.account().deviceId().orElseThrow(() ->
                new HushcallException(ErrorCode.UNKNOWN_DEVICE, "this device is not registered: call register()"));
    }

    private void identityChanged(DeviceAddress contact) {
        listener.onIdentityKeyChanged(contact);
    }

    private void refillLater() {
        resources.executor().execute(() -> {
            try {
                keys.refillIfNeeded();
            } catch (RuntimeException e) {
                listener.onError(e);
            }
        });
    }

    /** Socket events: delivered frames to the dispatcher; each new connection also checks the prekey count. */
    private final class Events implements ConnectionListener {

        private final Supplier<InboundDispatcher> dispatcher;

        Events(Supplier<InboundDispatcher> dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void onDelivered(ServerMessage.Delivered frame) {
            dispatcher.get().onDelivered(frame);
        }

        @Override
        public void onConnected() {
            dispatcher.get().onConnected();
            refillLater();
        }

        @Override
        public void onDisconnected() {
            dispatcher.get().onDisconnected();
        }

        @Override
        public void onError(Throwable error) {
            dispatcher.get().onError(error);
        }
    }
}
