package dev.hushcall.load.chains;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;

import dev.hushcall.load.fixtures.PayloadPool;
import dev.hushcall.load.requests.DeliveredFrames;
import dev.hushcall.load.requests.HushcallRequests;
import dev.hushcall.load.requests.MeasuredRoundTrip;
import dev.hushcall.load.requests.PeerJsRequests;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The same call against the PeerJS server: both peers connect, OFFER → ANSWER measured as one request exactly as in
 * {@link HushcallCall}, three CANDIDATEs each way, LEAVE, delivery verified; close after the last call.
 */
public record PeerJsCall(PayloadPool pool, Duration timeout, int callsPerConnection) {

    private static final int ICE_PER_SIDE = 3;

    /** Both peers connect, place {@code callsPerConnection} calls one after the other, and close. */
    public ChainBuilder chain() {
        return exec(session -> {
            String peers = UUID.randomUUID().toString();
            return session.set("callerPeer", "a-" + peers).set("callee1Peer", "b-" + peers);
        })
                .exec(PeerJsRequests.connect("callee1", timeout), PeerJsRequests.connect("caller", timeout))
                .exec(repeat(callsPerConnection).on(call()))
                .exec(PeerJsRequests.close("caller"), PeerJsRequests.close("callee1"));
    }

    private ChainBuilder call() {
        ChainBuilder chain = exec(session -> DeliveredFrames.forget(session, expected().keySet())
                .set("callId", UUID.randomUUID().toString()).set("exchange", pool.any()))
                .exec(session -> session.set("offerSentAt", System.currentTimeMillis()))
                .exec(PeerJsRequests.offer())
                .exec(Delivery.awaitFrame("callee1", "OFFER", timeout))
                .exec(Delivery.collect("callee1"), PeerJsRequests.answer())
                .exec(Delivery.awaitFrame("caller", "ANSWER", timeout))
                .exec(new MeasuredRoundTrip(HushcallRequests.OFFER_TO_ANSWER, "offerSentAt", DeliveredFrames.ANSWER_AT));
        for (int i = 0; i < ICE_PER_SIDE; i++) {
            chain = chain.exec(Delivery.collect("caller"), PeerJsRequests.candidate("caller", "callee1", i));
        }
        for (int i = 0; i < ICE_PER_SIDE; i++) {
            chain = chain.exec(Delivery.collect("callee1"), PeerJsRequests.candidate("callee1", "caller", i));
        }
        // Gatling empties a socket's buffer of received frames whenever it sends on it: collect before each send.
        return chain.exec(Delivery.collect("caller"), PeerJsRequests.leave("caller", "callee1"))
                .exec(Delivery.awaitAll(expected(), timeout))
                .exec(PeerJsRequests.framesDelivered(expected()));
    }

    public Map<String, Map<String, Integer>> expected() {
        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("caller", Map.of("ANSWER", 1, "CANDIDATE", ICE_PER_SIDE));
        expected.put("callee1", Map.of("OFFER", 1, "CANDIDATE", ICE_PER_SIDE, "LEAVE", 1));
        return expected;
    }
}
