package dev.hushcall.load.requests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.hushcall.load.LoadParameters;
import dev.hushcall.load.fixtures.PayloadPool;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single Hushcall requests, one per REST call or socket frame. A virtual user is one call: the caller's device is
 * the socket {@code caller}, the callee's devices {@code callee1 … calleeN}; the feeder record names their users,
 * tokens and device ids, and {@code callId} and {@code exchange} (the call's pooled ciphertexts) are set per call.
 * Request names are what reports and assertions use; {@value #OFFER_TO_ANSWER} is the measured round trip.
 */
public final class HushcallRequests {

    /** Offer sent by the caller → answer received by the caller: the number this module exists to measure. */
    public static final String OFFER_TO_ANSWER = "offer → answer";
    /** An offer the server refused, timed from sending it to hearing the refusal: KO, so it counts as failed. */
    public static final String OFFER_REFUSED = "offer refused";
    public static final String FRAMES_DELIVERED = "frames delivered";

    private HushcallRequests() {
    }

    private static String token(String role) {
        return role.startsWith("callee") ? "calleeToken" : role + "Token";
    }

    private static String device(String role) {
        return role + "Device";
    }

    private static PayloadPool.Exchange exchange(Session session) {
        return (PayloadPool.Exchange) session.get("exchange");
    }

    /** {@code POST /v1/ws/ticket} on {@code baseUrl}: the single-use ticket that opens {@code role}'s socket. */
    public static HttpRequestActionBuilder ticket(String role, String baseUrl) {
        return http("ticket")
                .post(baseUrl + "/v1/ws/ticket")
                .header("Authorization", "Bearer #{" + token(role) + "}")
                .body(StringBody("{\"deviceId\":#{" + device(role) + "}}")).asJson()
                .check(status().is(200), jmesPath("ticket").saveAs(role + "Ticket"));
    }

    /**
     * {@code turn.request} on {@code role}'s socket: what the caller's ICE agent needs before it can offer. Asked on
     * the socket the device just opened rather than with {@code GET /v1/turn/credentials}: one HTTP request fewer
     * before every call.
     */
    public static ActionBuilder turnCredentials(String role, Duration timeout) {
        return ws("turn request").wsName(role)
                .sendText(session -> Frames.turnRequest("t-" + session.userId()))
                .await(timeout).on(ws.checkTextMessage("turn credentials")
                        .matching(substring(session -> "\"ref\":\"t-" + session.userId() + "\""))
                        .check(substring("\"type\":\"turn.credentials\"").exists(),
                                jmesPath("username").exists(), jmesPath("password").exists()));
    }

    /** Opens {@code role}'s socket on {@code baseUrl} with its ticket; {@code name} tells a connect from a resume. */
    public static WsConnectActionBuilder connect(String role, String baseUrl, String name) {
        return ws(name).wsName(role).connect(LoadParameters.wsUrl(baseUrl) + "/v1/ws?ticket=#{" + role + "Ticket}");
    }

    /**
     * The caller offers to every device of the callee, one PQXDH first message each. Sent without waiting: the
     * answer comes from the callee's socket of this same virtual user, so it is timed by {@link MeasuredRoundTrip}.
     */
    public static ActionBuilder offer(PayloadPool pool, int calleeDevices) {
        return ws("offer").wsName("caller")
                .sendText(session -> {
                    List<Frames.Payload> payloads = new ArrayList<>();
                    PayloadPool.Exchange pooled = exchange(session);
                    for (int d = 1; d <= calleeDevices; d++) {
                        // Every device gets its own first message: sessions are per device pair.
                        String body = d == 1 ? pooled.offer() : pool.anyOffer();
                        payloads.add(new Frames.Payload(session.getInt("callee" + d + "Device"),
                                Frames.PREKEY_MESSAGE, body));
                    }
                    return Frames.offer("o-" + callId(session), callId(session), session.getString("calleeUser"),
                            payloads);
                });
    }

    /** {@code role} (a callee device) answers the caller's device, a Double Ratchet message sealed for it. */
    public static ActionBuilder answer(String role) {
        return ws("answer").wsName(role)
                .sendText(session -> Frames.answer("a-" + callId(session), callId(session),
                        new Frames.Payload(session.getInt(device("caller")), Frames.SIGNAL_MESSAGE,
                                exchange(session).answer())));
    }

    /**
     * ICE candidate {@code i} from {@code role} to its peer, sealed for the peer's device. Sent without waiting: a
     * socket waiting on a check drops every other frame it receives, so acks are read afterwards with the rest.
     */
    public static ActionBuilder ice(String role, String peer, int i) {
        return ws("ice").wsName(role)
                .sendText(session -> {
                    PayloadPool.Exchange pooled = exchange(session);
                    String body = role.equals("caller") ? pooled.callerIce().get(i) : pooled.calleeIce().get(i);
                    return Frames.ice(role + "-ice" + i + "-" + callId(session), callId(session),
                            new Frames.Payload(session.getInt(device(peer)), Frames.SIGNAL_MESSAGE, body));
                });
    }

    public static ActionBuilder hangup(String role) {
        return ws("hangup").wsName(role).sendText(session -> Frames.hangup("h-" + callId(session), callId(session)));
    }

    /**
     * The verdict on delivery: a {@code ping} whose ack only counts as OK when every socket of this call received
     * exactly the frames {@code expected} of it (by type, each server id once). Gatling cannot wait on one
     * socket while another receives, so delivery is checked here, after the fact, and fails as a request.
     */
    public static ActionBuilder framesDelivered(Map<String, Map<String, Integer>> expected, Duration timeout) {
        return ws("ping").wsName("caller")
                .sendText(session -> Frames.ping("v-" + callId(session)))
                .await(timeout).on(ws.checkTextMessage(FRAMES_DELIVERED)
                        .matching(substring(session -> "\"ref\":\"v-" + callId(session) + "\""))
                        .check(substring("\"type\":\"ack\"").exists(),
                                regex("\"ref\":\"([^\"]+)\"")
                                        .transformWithSession((ref, session) -> DeliveredFrames.problems(session, expected))
                                        .is("")));
    }

    /** Acknowledges the delivered frames {@code #{ackRefs}} in one frame, so the server forgets them (no answer). */
    @SuppressWarnings("unchecked")
    public static ActionBuilder ack(String role) {
        return ws("ack").wsName(role).sendText(session -> Frames.ack((List<String>) session.get("ackRefs")));
    }

    /** A keep-alive on an idle socket: the server closes sockets silent for 90 s and clients ping every 20. */
    public static ActionBuilder ping(String role, Duration timeout) {
        return ws("ping").wsName(role)
                .sendText(session -> Frames.ping("p-" + session.userId() + "-" + System.nanoTime()))
                .await(timeout).on(ws.checkTextMessage("pong").silent()
                        .matching(substring("\"type\":\"ack\"")).check(substring("\"ref\":\"p-").exists()));
    }

    /** Drops {@code role}'s socket the way an app going away does (1001); the server keeps its frames. */
    public static ActionBuilder drop(String role) {
        return ws("drop").wsName(role).close(1001, "going away");
    }

    public static ActionBuilder close(String role) {
        return ws("close").wsName(role).close();
    }

    private static String callId(Session session) {
        return session.getString("callId");
    }
}
