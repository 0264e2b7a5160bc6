package dev.hushcall.load.requests;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each socket of a virtual user received without a check waiting for it, read from Gatling's buffer of
 * unmatched inbound frames. Delivered Hushcall frames are keyed by their server {@code id}, so a frame resent
 * after a reconnect counts once, and a frame delivered twice under two ids counts twice (and fails the call).
 * Their {@code id}s are what the scenario acknowledges before it closes the socket.
 */
public final class DeliveredFrames {

    // Jackson writes the type id first, then the record components in order: {"type":…,"id":…,"callId":…
    static final Pattern HUSHCALL = Pattern.compile(
            "^\\{\"type\":\"(call\\.[a-z]+)\",\"id\":\"([^\"]+)\",\"callId\":\"([^\"]+)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([a-z_]+)\"");
    static final Pattern ACK = Pattern.compile("^\\{\"type\":\"ack\",\"ref\":\"([^\"]+)\"");
    private static final Pattern ERROR = Pattern.compile(
            "^\\{\"type\":\"error\",\"code\":\"([a-z_]+)\".*\"ref\":\"([^\"]+)\"");
    private static final Pattern PEERJS = Pattern.compile("^\\{\"type\":\"([A-Z-]+)\"");

    private DeliveredFrames() {
    }

    /** Session attribute: when the caller received the answer (Gatling's receive timestamp, epoch millis). */
    public static final String ANSWER_AT = "answerAt";
    /** Session attribute: when the caller heard its offer refused (epoch millis); absent while it was not. */
    public static final String REFUSED_AT = "offerRefusedAt";
    /** Session attribute: the refusal's error code ({@code unavailable}, {@code rate_limited}, …). */
    public static final String REFUSED_CODE = "offerRefusedCode";
    /** Session attribute: how long the refusal said to wait before offering again (ms). */
    public static final String RETRY_AFTER_MS = "retryAfterMs";
    private static final Pattern RETRY_AFTER = Pattern.compile("\"retryAfterMs\":(\\d+)");

    private static String key(String role) {
        return role + "Frames";
    }

    /** Adds the frames of {@code messages} that belong to this call to what {@code role} received so far. */
    public static Session collect(String role, List<WsInboundMessage> messages, Session session) {
        Map<String, String> seen = new LinkedHashMap<>(frames(session, role));
        String callId = session.getString("callId");
        Long answerAt = session.contains(ANSWER_AT) ? session.getLong(ANSWER_AT) : null;
        Long refusedAt = null;
        long retryAfter = 0;
        String refusedCode = null;
        for (WsInboundMessage message : messages) {
            if (!(message instanceof WsInboundMessage.Text text)) {
                continue;
            }
            String frame = text.message();
            Matcher m = HUSHCALL.matcher(frame);
            if (m.find()) {
                if (m.group(3).equals(callId)) {
                    seen.put(m.group(2), describe(m.group(1), frame));
                    if (answerAt == null && m.group(1).equals("call.answer")) {
                        answerAt = text.timestamp();
                    }
                }
                continue;
            }
            Matcher ack = ACK.matcher(frame);
            if (ack.find()) {
                // Only the frames sent without waiting are counted; the offer's ack is not awaited by anyone.
                if (ack.group(1).contains("-ice") || ack.group(1).startsWith("h-")) {
                    seen.put("ack:" + ack.group(1), "ack");
                }
                continue;
            }
            Matcher error = ERROR.matcher(frame);
            if (error.find()) {
                seen.put("error:" + error.group(2), "error/" + error.group(1));
                if (error.group(2).equals("o-" + callId) && !session.contains(REFUSED_AT)) {
                    refusedAt = text.timestamp();
                    refusedCode = error.group(1);
                    Matcher wait = RETRY_AFTER.matcher(frame);
                    retryAfter = wait.find() ? Long.parseLong(wait.group(1)) : 0;
                }
                continue;
            }
            Matcher p = PEERJS.matcher(frame);
            if (p.find() && !p.group(1).equals("OPEN")) {
                seen.put("#" + seen.size(), p.group(1));
                if (answerAt == null && p.group(1).equals("ANSWER")) {
                    answerAt = text.timestamp();
                }
            }
        }
        Session updated = session.set(key(role), seen);
        if (refusedAt != null) {
            updated = updated.set(REFUSED_AT, refusedAt).set(RETRY_AFTER_MS, retryAfter).set(REFUSED_CODE, refusedCode);
        }
        return answerAt == null ? updated : updated.set(ANSWER_AT, answerAt);
    }

    /** The session without what {@code roles} received so far: the next call on the same sockets starts clean. */
    public static Session forget(Session session, Collection<String> roles) {
        Session cleared = session.remove(ANSWER_AT).remove(REFUSED_AT).remove(RETRY_AFTER_MS).remove(REFUSED_CODE);
        for (String role : roles) {
            cleared = cleared.remove(key(role));
        }
        return cleared;
    }

    /**
     * The server ids of the frames {@code role} received, grouped by frame type in arrival order: what a device
     * acknowledges together. The SDKs send one {@code ack} for the frames they handled within 20 ms, which in a call
     * is each burst (the ICE candidates) and each single frame (offer, answer, end).
     */
    public static List<List<String>> idsByType(Session session, String role) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        frames(session, role).forEach((id, type) -> {
            if (!id.startsWith("#") && !id.contains(":")) {
                groups.computeIfAbsent(type, t -> new ArrayList<>()).add(id);
            }
        });
        return List.copyOf(groups.values());
    }

    /** Empty when every role received exactly the frames expected of it, else what is missing or extra. */
    public static String problems(Session session, Map<String, Map<String, Integer>> expected) {
        StringBuilder out = new StringBuilder();
        expected.forEach((role, want) -> {
            Map<String, Integer> got = new TreeMap<>();
            frames(session, role).values().forEach(type -> got.merge(type, 1, Integer::sum));
            if (!got.equals(new TreeMap<>(want))) {
                out.append(out.isEmpty() ? "" : "; ").append(role).append(" got ").append(got)
                        .append(", expected ").append(new TreeMap<>(want));
            }
        });
        return out.toString();
    }

    /** Whether every role has received at least the frames {@code expected} of it (more is judged later). */
    public static boolean reached(Session session, Map<String, Map<String, Integer>> expected) {
        for (Map.Entry<String, Map<String, Integer>> role : expected.entrySet()) {
            Map<String, Integer> got = new TreeMap<>();
            frames(session, role.getKey()).values().forEach(type -> got.merge(type, 1, Integer::sum));
            for (Map.Entry<String, Integer> want : role.getValue().entrySet()) {
                if (got.getOrDefault(want.getKey(), 0) < want.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the server refused this call's offer (a node that sheds, or a limit). */
    public static boolean offerRefused(Session session) {
        return session.contains(REFUSED_AT);
    }

    /** How many frames of {@code type} {@code role} has received so far. */
    public static long count(Session session, String role, String type) {
        return frames(session, role).values().stream().filter(type::equals).count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> frames(Session session, String role) {
        return session.contains(key(role)) ? (Map<String, String>) session.get(key(role)) : Map.of();
    }

    /** {@code call.ended} is told apart by its reason: hangup for the answering device, answered_elsewhere else. */
    private static String describe(String type, String frame) {
        if (!type.equals("call.ended")) {
            return type;
        }
        Matcher m = REASON.matcher(frame);
        return m.find() ? type + "/" + m.group(1) : type;
    }
}
