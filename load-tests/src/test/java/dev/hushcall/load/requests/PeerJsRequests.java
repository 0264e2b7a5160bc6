package dev.hushcall.load.requests;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.hushcall.load.fixtures.PayloadPool;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.Map;

/**
 * The scenario adapter for the PeerJS server (npm {@code peer}): the same call, in PeerJS's OFFER / ANSWER /
 * CANDIDATE / LEAVE relay protocol, carrying the same pooled bodies so both servers move the same bytes. PeerJS has
 * no tickets, no acks and no TURN endpoint: a peer connects with its id in the URL and frames are fire-and-forget.
 * Request names match {@link HushcallRequests} so the reports line up.
 */
public final class PeerJsRequests {

    private PeerJsRequests() {
    }

    private static String peer(Session session, String role) {
        return session.getString(role + "Peer");
    }

    /** Connects {@code role} as peer {@code #{rolePeer}} and waits for the server's OPEN. */
    public static ActionBuilder connect(String role, Duration timeout) {
        return ws("connect").wsName(role)
                .connect("/peerjs?key=peerjs&id=#{" + role + "Peer}&token=#{" + role + "Peer}")
                .await(timeout).on(ws.checkTextMessage("open").matching(substring("\"type\":\"OPEN\""))
                        .check(substring("OPEN").exists()).silent());
    }

    public static ActionBuilder offer() {
        return ws("offer").wsName("caller")
                .sendText(session -> Frames.PeerJs.offer(peer(session, "callee1"), "mc_" + session.getString("callId"),
                        exchange(session).offer()));
    }

    public static ActionBuilder answer() {
        return ws("answer").wsName("callee1")
                .sendText(session -> Frames.PeerJs.answer(peer(session, "caller"), "mc_" + session.getString("callId"),
                        exchange(session).answer()));
    }

    /** A candidate from {@code role} to {@code peer}; PeerJS acknowledges nothing, so nothing is awaited. */
    public static ActionBuilder candidate(String role, String peer, int i) {
        return ws("ice").wsName(role)
                .sendText(session -> Frames.PeerJs.candidate(peer(session, peer), "mc_" + session.getString("callId"),
                        role.equals("caller") ? exchange(session).callerIce().get(i) : exchange(session).calleeIce().get(i)));
    }

    public static ActionBuilder leave(String role, String peer) {
        return ws("hangup").wsName(role).sendText(session -> Frames.PeerJs.leave(peer(session, peer)));
    }

    public static ActionBuilder heartbeat(String role) {
        return ws("ping").wsName(role).sendText(Frames.PeerJs.heartbeat());
    }

    /**
     * The delivery verdict, as for Hushcall a request that fails unless every socket received what it should. PeerJS
     * has no ping to hang it on, so it rides on a small REST call of PeerJS's own, {@code GET /peerjs/id}.
     */
    public static ActionBuilder framesDelivered(Map<String, Map<String, Integer>> expected) {
        return http(HushcallRequests.FRAMES_DELIVERED).get("/peerjs/id")
                .check(bodyString().transformWithSession((body, session) -> DeliveredFrames.problems(session, expected))
                        .is(""));
    }

    public static ActionBuilder close(String role) {
        return ws("close").wsName(role).close();
    }

    private static PayloadPool.Exchange exchange(Session session) {
        return (PayloadPool.Exchange) session.get("exchange");
    }
}
