package dev.hushcall.client.ice;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one {@code call.ice} payload carries (inside the end-to-end encryption): the sender's ICE credentials and
 * one candidate in SDP attribute form ({@code candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host}), or
 * {@code done} once the sender has sent all of them (RFC 8838 end-of-candidates).
 */
record CandidateMessage(String ufrag, String pwd, String candidate, boolean done) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static CandidateMessage of(String ufrag, String pwd, String candidate) {
        return new CandidateMessage(ufrag, pwd, candidate, false);
    }

    static CandidateMessage endOfCandidates(String ufrag, String pwd) {
        return new CandidateMessage(ufrag, pwd, null, true);
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode().put("ufrag", ufrag).put("pwd", pwd);
        if (done) {
            node.put("done", true);
        } else {
            node.put("candidate", candidate);
        }
        return JSON.writeValueAsString(node);
    }

    static CandidateMessage parse(String json) {
        JsonNode node = JSON.readTree(json);
        if (!node.hasNonNull("ufrag") || !node.hasNonNull("pwd")) {
            throw new IllegalArgumentException("an ICE message needs ufrag and pwd");
        }
        boolean done = node.path("done").asBoolean(false);
        String candidate = node.hasNonNull("candidate") ? node.get("candidate").asString() : null;
        if (!done && candidate == null) {
            throw new IllegalArgumentException("an ICE message needs a candidate or done");
        }
        return new CandidateMessage(node.get("ufrag").asString(), node.get("pwd").asString(), candidate, done);
    }
}
