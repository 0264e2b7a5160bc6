package dev.hushcall.signaling.testing;

/** Realistic SDP and ICE text, each with a marker no other test string contains. */
public final class Sdp {

    private Sdp() {
    }

    /** An audio offer or answer about 2 KB long, like a browser's, carrying {@code marker} in its session name. */
    public static String audio(String marker) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n")
                .append("s=").append(marker).append("\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE 0\r\n")
                .append("a=extmap-allow-mixed\r\n")
                .append("a=msid-semantic: WMS stream\r\n")
                .append("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n")
                .append("c=IN IP4 0.0.0.0\r\n")
                .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append("a=ice-ufrag:").append(marker.hashCode() & 0xffff).append("\r\n")
                .append("a=ice-pwd:asd88fgpdd777uzjYhagZg3Ubd7d4q\r\n")
                .append("a=ice-options:trickle\r\n")
                .append("a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n")
                .append("a=setup:actpass\r\n")
                .append("a=mid:0\r\n")
                .append("a=sendrecv\r\n")
                .append("a=rtcp-mux\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\n")
                .append("a=rtcp-fb:111 transport-cc\r\n")
                .append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
        while (sdp.length() < 2000) {
            sdp.append("a=ssrc:").append(sdp.length()).append(" cname:").append(marker).append("\r\n");
        }
        return sdp.toString();
    }

    /** One trickled ICE candidate as a browser's RTCIceCandidateInit JSON, with {@code ip} as its address. */
    public static String candidate(String ip, int port) {
        return "{\"candidate\":\"candidate:842163049 1 udp 1677729535 " + ip + " " + port
                + " typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-cost 999\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
    }
}
