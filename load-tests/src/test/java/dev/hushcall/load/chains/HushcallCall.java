package dev.hushcall.load.chains;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.repeat;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.requests.DeliveredFrames;
import dev.hushcall.load.requests.HushcallRequests;
import dev.hushcall.load.requests.MeasuredRoundTrip;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Hushcall call set-up as chains of {@link HushcallRequests}: devices come online, the caller fetches TURN
 * credentials and offers, the callee's device 1 answers (offer → answer is logged as one request), three ICE
 * candidates go each way, the caller hangs up, delivery is verified, every delivered frame is acknowledged, and the
 * sockets close — after the last of {@code parameters.callsPerConnection()} calls.
 *
 * @param parameters    where each device connects, and how long any expected frame may take
 * @param pool          the pooled ciphertexts
 * @param calleeDevices devices of the callee, all ringing (1, or 3 for "ring many devices")
 * @param dropShare     share of sockets that drop mid-call and resume with a new ticket (0.1 for "reconnect storm")
 */
public record HushcallCall(LoadParameters parameters, PayloadPool pool, int calleeDevices, double dropShare) {

    private static final int ICE_PER_SIDE = 3;
    private static final String OFFER_SENT_AT = "offerSentAt";

    private Duration timeout() {
        return parameters.timeout();
    }

    private ChainBuilder connect(String role, String name) {
        String base = parameters.baseUrlOf(role);
        return exec(HushcallRequests.ticket(role, base), HushcallRequests.connect(role, base, name));
    }

    private List<String> calleeRoles() {
        List<String> roles = new ArrayList<>();
        for (int d = 1; d <= calleeDevices; d++) {
            roles.add("callee" + d);
        }
        return roles;
    }

    /**
     * The devices come online, place {@code parameters.callsPerConnection()} calls one after the other on the same
     * sockets (one, unless the run models devices that stay connected), and close. For a virtual user fed a pair from
     * {@code UserPool.registerPairs}.
     */
    public ChainBuilder chain() {
        return exec(online())
                .exec(repeat(parameters.callsPerConnection()).on(call()))
                .exec(close());
    }

    /** One call on the open sockets, from a clean slate: offer to acknowledged delivery. */
    private ChainBuilder call() {
        return exec(session -> DeliveredFrames.forget(session, expected().keySet())
                        .set("callId", "c-" + UUID.randomUUID())
                        .set("exchange", pool.any())
                        .set("dropCaller", ThreadLocalRandom.current().nextDouble() < dropShare)
                        .set("dropCallee", ThreadLocalRandom.current().nextDouble() < dropShare))
                .exec(Delivery.collect("caller"))
                .exec(session -> session.set(OFFER_SENT_AT, System.currentTimeMillis()))
                .exec(HushcallRequests.offer(pool, calleeDevices))
                .exec(Delivery.awaitOfferOrRefusal(timeout()))
                // A refused offer (a node past capacity sheds) is counted, timed, and backed off from as a client
                // would: the rest of this call is skipped.
                .doIfOrElse(DeliveredFrames::offerRefused).then(refused()).orElse(rang());
    }

    /** Device 1 rings and answers; the others ring until they hear answered_elsewhere. */
    private ChainBuilder rang() {
        return exec(send("callee1", HushcallRequests.answer("callee1")))
                .exec(Delivery.awaitFrame("caller", "call.answer", timeout()))
                .exec(new MeasuredRoundTrip(HushcallRequests.OFFER_TO_ANSWER, OFFER_SENT_AT, DeliveredFrames.ANSWER_AT))
                .exec(trickle())
                // Frames on two sockets race each other inside the server: hang up only once the candidates are
                // through, as a real call would (it hangs up minutes later), or they would meet call_ended.
                .exec(Delivery.awaitAll(trickled(), timeout()))
                .exec(send("caller", HushcallRequests.hangup("caller")))
                .exec(Delivery.awaitAll(expected(), timeout()))
                .exec(send("caller", HushcallRequests.framesDelivered(expected(), timeout())))
                .exec(acknowledge());
    }

    private static ChainBuilder refused() {
        return exec(MeasuredRoundTrip.refusal(HushcallRequests.OFFER_REFUSED, OFFER_SENT_AT, DeliveredFrames.REFUSED_AT))
                .pause(session -> Duration.ofMillis(session.getLong(DeliveredFrames.RETRY_AFTER_MS)));
    }

    /** Every callee device first (they are the ones that must ring), then the caller with its TURN credentials. */
    private ChainBuilder online() {
        List<ChainBuilder> steps = new ArrayList<>();
        for (String role : calleeRoles()) {
            steps.add(connect(role, "connect"));
        }
        steps.add(connect("caller", "connect").exec(HushcallRequests.turnCredentials("caller", timeout())));
        return exec(steps);
    }

    /**
     * Three candidates each way. In a reconnect storm the callee may drop before the caller's candidates (they wait
     * in its mailbox) and the caller before the callee's; each resumes right after with a new ticket.
     */
    private ChainBuilder trickle() {
        ChainBuilder chain = exec(dropIf("dropCallee", "callee1"));
        for (int i = 0; i < ICE_PER_SIDE; i++) {
            chain = chain.exec(send("caller", HushcallRequests.ice("caller", "callee1", i)));
        }
        chain = chain.exec(resumeIf("dropCallee", "callee1")).exec(dropIf("dropCaller", "caller"));
        for (int i = 0; i < ICE_PER_SIDE; i++) {
            chain = chain.exec(send("callee1", HushcallRequests.ice("callee1", "caller", i)));
        }
        return chain.exec(resumeIf("dropCaller", "caller"));
    }

    /**
     * Gatling empties a socket's buffer of received frames whenever it sends on it, so every send first moves
     * what arrived into the session.
     */
    private static ChainBuilder send(String role, io.gatling.javaapi.core.ActionBuilder frame) {
        return exec(Delivery.collect(role)).exec(frame);
    }

    private ChainBuilder dropIf(String flag, String role) {
        // The drop comes once the acks of what this socket sent are in (a client would otherwise resend those
        // frames after resuming, which this scenario does not model); what arrived so far is kept.
        return doIf("#{" + flag + "}").then(exec(Delivery.awaitAcks(role, sentBefore(role), timeout()))
                .exec(HushcallRequests.drop(role)));
    }

    /** Frames {@code role} sent without waiting before it may drop: the caller its candidates, the callee none. */
    private static int sentBefore(String role) {
        return role.equals("caller") ? ICE_PER_SIDE : 0;
    }

    private ChainBuilder resumeIf(String flag, String role) {
        return doIf("#{" + flag + "}").then(connect(role, "resume"));
    }

    /** Every frame delivered in this call is acknowledged, a burst in one ack as the SDKs do, so the server forgets it. */
    private ChainBuilder acknowledge() {
        List<ChainBuilder> steps = new ArrayList<>();
        for (String role : roles()) {
            steps.add(foreach(session -> DeliveredFrames.idsByType(session, role), "ackRefs")
                    .on(exec(HushcallRequests.ack(role))));
        }
        return exec(steps);
    }

    private ChainBuilder close() {
        return exec(roles().stream().map(role -> exec(HushcallRequests.close(role))).toList());
    }

    private List<String> roles() {
        List<String> roles = new ArrayList<>(calleeRoles());
        roles.add("caller");
        return roles;
    }

    /** What the sockets hold once the candidates are through, before the hangup. */
    private Map<String, Map<String, Integer>> trickled() {
        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("caller", Map.of("call.answer", 1, "call.ice", ICE_PER_SIDE, "ack", ICE_PER_SIDE));
        expected.put("callee1", Map.of("call.offer", 1, "call.ice", ICE_PER_SIDE, "ack", ICE_PER_SIDE));
        return expected;
    }

    /** Exactly what each socket must receive, by type; docs/protocol.md, "Who is told what when a call ends". */
    public Map<String, Map<String, Integer>> expected() {
        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        // Acks are counted for the frames sent without waiting: the candidates, and the caller's hangup.
        expected.put("caller", Map.of("call.answer", 1, "call.ice", ICE_PER_SIDE, "ack", ICE_PER_SIDE + 1));
        expected.put("callee1", Map.of("call.offer", 1, "call.ice", ICE_PER_SIDE, "call.ended/hangup", 1,
                "ack", ICE_PER_SIDE));
        for (String role : calleeRoles().subList(1, calleeDevices)) {
            expected.put(role, Map.of("call.offer", 1, "call.ended/answered_elsewhere", 1));
        }
        return expected;
    }
}
