package dev.hushcall.signaling.webclient;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDP text helpers for the browser ↔ Java SDK test. The Java SDK does no media, so its "answer" is the browser's
 * offer turned into a valid answer (RFC 3264): same media, DTLS role active, fresh ICE credentials.
 */
final class BrowserSdp {

    private BrowserSdp() {
    }

    static String answerFor(String offer, String marker) {
        return offer
                .replaceFirst("(?m)^s=.*$", "s=" + marker)
                .replaceAll("(?m)^a=setup:actpass", "a=setup:active")
                .replaceAll("(?m)^a=ice-ufrag:.*$", "a=ice-ufrag:javaSdkUfrag")
                .replaceAll("(?m)^a=ice-pwd:.*$", "a=ice-pwd:javaSdkIcePasswordOf24Chars")
                .replaceAll("(?m)^a=(candidate|end-of-candidates).*\\r\\n", "");
    }

    /** The first line of {@code sdp} that starts with {@code prefix}. */
    static String line(String sdp, String prefix) {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line in " + sdp));
    }

    /** The {@code candidate:…} text of an RTCIceCandidateInit JSON, as it appears in an SDP's a= line. */
    static String candidateLine(String candidateJson) {
        Matcher m = Pattern.compile("\"candidate\":\"(candidate:[^\"]*)\"").matcher(candidateJson);
        if (!m.find()) {
            throw new AssertionError("not a candidate: " + candidateJson);
        }
        return "a=" + m.group(1);
    }
}
