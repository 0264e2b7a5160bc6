package dev.hushcall.signaling.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallListener;
import dev.hushcall.client.HushcallClient;
import dev.hushcall.client.store.InMemoryKeyValueStore;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.EndReason;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One device running the real Java SDK against a running service, recording everything its listener
 * hears so a test can wait for an event and then check nothing else arrived.
 */
public final class Phone implements AutoCloseable {

    /** Something the SDK told the app. */
    public record Event(Kind kind, String callId, DeviceAddress from, String text, EndReason reason) {
        public enum Kind { INCOMING, ANSWER, ICE, RENEGOTIATE, ENDED }
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> history = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final HushcallClient client;

    private Phone(List<URI> bases, String user, String token, CallListener extra) {
        CallListener recorder = new Recorder(extra == null ? new CallListener() { } : extra);
        this.client = HushcallClient.builder()
                .baseUris(bases)
                .user(user)
                .token(() -> token)
                .store(new InMemoryKeyValueStore())
                .listener(recorder)
                .build();
    }

    /** Registers a new device of {@code user} and connects it. */
    public static Phone connected(int port, TestDevices devices, String user) throws Exception {
        return connected(port, devices, user, null);
    }

    /** As {@link #connected(int, TestDevices, String)}, with a listener that hears everything too. */
    public static Phone connected(int port, TestDevices devices, String user, CallListener extra) throws Exception {
        Phone phone = registered(port, devices, user, extra);
        phone.client.connect().get(10, TimeUnit.SECONDS);
        return phone;
    }

    /** Registers a new device of {@code user} without connecting it. */
    public static Phone registered(int port, TestDevices devices, String user, CallListener extra) {
        return registered(List.of(URI.create("http://localhost:" + port)), devices.token(user), user, extra);
    }

    /** Registers a new device of {@code user} on a service reached through {@code bases} (nodes, in order). */
    public static Phone registered(List<URI> bases, String token, String user, CallListener extra) {
        Phone phone = new Phone(bases, user, token, extra);
        phone.client.register();
        return phone;
    }

    /** Connects, waiting up to 10 s for the socket. */
    public Phone connect() throws Exception {
        client.connect().get(10, TimeUnit.SECONDS);
        return this;
    }

    public HushcallClient client() {
        return client;
    }

    public DeviceAddress address() {
        return client.address();
    }

    /** The next event that matches, within 10 s; events skipped on the way stay in {@link #history()}. */
    public Event await(Event.Kind kind, Predicate<Event> match) throws InterruptedException {
        return await(kind, match, java.time.Duration.ofSeconds(10));
    }

    /** As {@link #await(Event.Kind, Predicate)}, waiting up to {@code timeout}. */
    public Event await(Event.Kind kind, Predicate<Event> match, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(20, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            if (event.kind() == kind && match.test(event)) {
                events.addAll(skipped);
                return event;
            }
            skipped.add(event);
        }
        throw new AssertionError(address() + " heard no " + kind + " within " + timeout + "; heard " + skipped
                + "; errors " + errors);
    }

    public Event await(Event.Kind kind) throws InterruptedException {
        return await(kind, e -> true);
    }

    public Event awaitEnded(String callId) throws InterruptedException {
        return await(Event.Kind.ENDED, e -> e.callId().equals(callId));
    }

    public List<Event> history() {
        return List.copyOf(history);
    }

    public long count(Event.Kind kind, String callId) {
        return history.stream().filter(e -> e.kind() == kind && e.callId().equals(callId)).count();
    }

    public void assertNoErrors() {
        assertThat(errors).as("errors heard by " + address()).isEmpty();
    }

    @Override
    public void close() {
        client.close();
    }

    private final class Recorder implements CallListener {
        private final CallListener extra;

        Recorder(CallListener extra) {
            this.extra = extra;
        }

        private void record(Event event) {
            history.add(event);
            events.add(event);
        }

        @Override
        public void onIncomingCall(DeviceAddress from, String callId, String sdp) {
            record(new Event(Event.Kind.INCOMING, callId, from, sdp, null));
            extra.onIncomingCall(from, callId, sdp);
        }

        @Override
        public void onAnswer(DeviceAddress from, String callId, String sdp) {
            record(new Event(Event.Kind.ANSWER, callId, from, sdp, null));
            extra.onAnswer(from, callId, sdp);
        }

        @Override
        public void onIce(DeviceAddress from, String callId, String candidateJson) {
            record(new Event(Event.Kind.ICE, callId, from, candidateJson, null));
            extra.onIce(from, callId, candidateJson);
        }

        @Override
        public void onRenegotiate(DeviceAddress from, String callId, String sdp) {
            record(new Event(Event.Kind.RENEGOTIATE, callId, from, sdp, null));
            extra.onRenegotiate(from, callId, sdp);
        }

        @Override
        public void onEnded(String callId, EndReason reason) {
            record(new Event(Event.Kind.ENDED, callId, null, null, reason));
            extra.onEnded(callId, reason);
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
            extra.onError(error);
        }
    }
}
