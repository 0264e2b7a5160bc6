package dev.hushcall.signaling.webclient;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDP text helpers for the browser ↔ Java SDK test. The Java SDK does no media, so its "answer" is the browser's
 * offer turned into a valid answer (RFC 3264): same media, DTLS role active, fresh ICE credentials.
 */
final class BrowserSdp {

    /** The ICE user fragment of the Java side's answer, which marks it in the browser's remote description. */
    static final String JAVA_UFRAG = "javaSdkUfrag";

    private BrowserSdp() {
    }

    static String answerFor(String offer) {
        return offer
                .replaceAll("(?m)^a=setup:actpass", "a=setup:active")
                .replaceAll("(?m)^a=ice-ufrag:.*$", "a=ice-ufrag:" + JAVA_UFRAG)
                .replaceAll("(?m)^a=ice-pwd:.*$", "a=ice-pwd:javaSdkIcePasswordOf24Chars")
                .replaceAll("(?m)^a=(candidate|end-of-candidates).*\\r\\n", "");
    }

    /** The first line of {@code sdp} that starts with {@code prefix}. */
    static String line(String sdp, String prefix) {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line in " + sdp));
    }

    /**
     * The {@code candidate:…} text of an RTCIceCandidateInit JSON as it appears in an SDP's a= line, where the
     * browser leaves out the {@code ufrag} extension it adds to trickled candidates.
     */
    static String candidateLine(String candidateJson) {
        Matcher m = Pattern.compile("\"candidate\":\"(candidate:[^\"]*)\"").matcher(candidateJson);
        if (!m.find()) {
            throw new AssertionError("not a candidate: " + candidateJson);
        }
        return "a=" + m.group(1).replaceFirst(" ufrag \\S+", "");
    }
}
