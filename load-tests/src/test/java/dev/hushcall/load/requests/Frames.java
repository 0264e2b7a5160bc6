package dev.hushcall.load.requests;

import java.util.List;

/**
 * The client frames of docs/protocol.md as text, built without a JSON library: every value is an id, a user name
 * or base64, none of which needs escaping, and the generator's CPU is better spent on sockets.
 * {@code FramesTest} proves each one decodes to the wire record it stands for.
 */
public final class Frames {

    /** One payload: the recipient device and its ciphertext. */
    public record Payload(int deviceId, int cipherType, String body) {
    }

    public static final int PREKEY_MESSAGE = 3;
    public static final int SIGNAL_MESSAGE = 2;

    private Frames() {
    }

    public static String offer(String id, String callId, String to, List<Payload> payloads) {
        return withPayloads("call.offer", id, callId, ",\"to\":\"" + to + "\"", payloads);
    }

    public static String answer(String id, String callId, Payload payload) {
        return withPayloads("call.answer", id, callId, "", List.of(payload));
    }

    public static String ice(String id, String callId, Payload payload) {
        return withPayloads("call.ice", id, callId, "", List.of(payload));
    }

    public static String hangup(String id, String callId) {
        return "{\"type\":\"call.hangup\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\"}";
    }

    public static String ping(String id) {
        return "{\"type\":\"ping\",\"id\":\"" + id + "\"}";
    }

    public static String turnRequest(String id) {
        return "{\"type\":\"turn.request\",\"id\":\"" + id + "\"}";
    }

    /** One {@code ack} for several delivered frames ({@code refs}), or the plain form for one. */
    public static String ack(List<String> refs) {
        if (refs.size() == 1) {
            return ack(refs.get(0));
        }
        return "{\"type\":\"ack\",\"refs\":[\"" + String.join("\",\"", refs) + "\"]}";
    }

    public static String ack(String ref) {
        return "{\"type\":\"ack\",\"ref\":\"" + ref + "\"}";
    }

    private static String withPayloads(String type, String id, String callId, String extra, List<Payload> payloads) {
        StringBuilder out = new StringBuilder(256 + payloads.size() * 5200);
        out.append("{\"type\":\"").append(type).append("\",\"id\":\"").append(id)
                .append("\",\"callId\":\"").append(callId).append('"').append(extra).append(",\"payloads\":[");
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            out.append(i == 0 ? "" : ",").append("{\"deviceId\":").append(p.deviceId())
                    .append(",\"cipherType\":").append(p.cipherType())
                    .append(",\"body\":\"").append(p.body()).append("\"}");
        }
        return out.append("]}").toString();
    }

    /** PeerJS's relay frames: {@code type}, {@code dst}, and a payload shaped as the PeerJS client sends it. */
    public static final class PeerJs {

        private PeerJs() {
        }

        public static String offer(String dst, String connectionId, String sdp) {
            return relay("OFFER", dst, "{\"type\":\"media\",\"connectionId\":\"" + connectionId
                    + "\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}");
        }

        public static String answer(String dst, String connectionId, String sdp) {
            return relay("ANSWER", dst, "{\"type\":\"media\",\"connectionId\":\"" + connectionId
                    + "\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"" + sdp + "\"}}");
        }

        public static String candidate(String dst, String connectionId, String candidate) {
            return relay("CANDIDATE", dst, "{\"type\":\"media\",\"connectionId\":\"" + connectionId
                    + "\",\"candidate\":\"" + candidate + "\"}");
        }

        public static String leave(String dst) {
            return "{\"type\":\"LEAVE\",\"dst\":\"" + dst + "\"}";
        }

        public static String heartbeat() {
            return "{\"type\":\"HEARTBEAT\"}";
        }

        private static String relay(String type, String dst, String payload) {
            return "{\"type\":\"" + type + "\",\"dst\":\"" + dst + "\",\"payload\":" + payload + "}";
        }
    }
}
