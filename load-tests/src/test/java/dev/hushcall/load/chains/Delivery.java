package dev.hushcall.load.chains;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.hushcall.load.requests.DeliveredFrames;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reading what each socket received, and waiting (briefly) until it is everything this call should bring. */
final class Delivery {

    private static final Duration POLL = Duration.ofMillis(10);
    /** Polling for the frame a call is waiting on: it delays the next step, never the measurement. */
    private static final Duration FAST_POLL = Duration.ofMillis(1);

    private Delivery() {
    }

    /** Moves {@code role}'s unmatched inbound frames into the session. */
    static ChainBuilder collect(String role) {
        return exec(ws.processUnmatchedMessages(role, (messages, session) ->
                DeliveredFrames.collect(role, messages, session)));
    }

    /**
     * Collects from {@code role}'s socket until a frame of {@code type} is there or {@code timeout} passes. Gatling
     * cannot wait on one socket while it acts on another, and a check would drop every other frame that arrives
     * meanwhile, so waiting is reading the socket's buffer of received frames.
     */
    static ChainBuilder awaitFrame(String role, String type, Duration timeout) {
        long polls = timeout.toMillis() / FAST_POLL.toMillis();
        String counter = "polls-" + role + "-" + type;
        return collect(role).exec(asLongAs(session -> DeliveredFrames.count(session, role, type) == 0
                && session.getInt(counter) < polls, counter).on(pause(FAST_POLL).exec(collect(role))));
    }

    /**
     * Collects from the callee's first device and the caller until the offer rang there, or the caller heard it
     * refused, or {@code timeout} passes.
     */
    static ChainBuilder awaitOfferOrRefusal(Duration timeout) {
        long polls = timeout.toMillis() / FAST_POLL.toMillis();
        return collect("callee1").exec(collect("caller")).exec(asLongAs(session ->
                DeliveredFrames.count(session, "callee1", "call.offer") == 0 && !DeliveredFrames.offerRefused(session)
                        && session.getInt("offerPolls") < polls, "offerPolls")
                .on(pause(FAST_POLL).exec(collect("callee1")).exec(collect("caller"))));
    }

    /** Collects from {@code role}'s socket until it holds {@code acks} acks or {@code timeout} passes. */
    static ChainBuilder awaitAcks(String role, int acks, Duration timeout) {
        long polls = timeout.toMillis() / POLL.toMillis();
        return collect(role).exec(asLongAs(session -> DeliveredFrames.count(session, role, "ack") < acks
                && session.getInt("ackPolls") < polls, "ackPolls").on(pause(POLL).exec(collect(role))));
    }

    /**
     * Collects from every socket until at least the expected frames are there or {@code timeout} passes. Frames routed
     * through Redis to another node may still be on their way when the sender's ack arrives, hence the wait.
     */
    static ChainBuilder awaitAll(Map<String, Map<String, Integer>> expected, Duration timeout) {
        List<String> roles = List.copyOf(expected.keySet());
        long polls = timeout.toMillis() / POLL.toMillis();
        ChainBuilder collectAll = exec(roles.stream().map(Delivery::collect).toList());
        return collectAll.exec(asLongAs(session -> !DeliveredFrames.reached(session, expected)
                && session.getInt("polls") < polls, "polls").on(pause(POLL).exec(collectAll)));
    }
}
