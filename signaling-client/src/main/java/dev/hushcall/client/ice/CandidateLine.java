package dev.hushcall.client.ice;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * A candidate in its SDP attribute form (RFC 8839 §5.1), the form browsers' {@code RTCIceCandidate.candidate}
 * uses: {@code candidate:<foundation> <component> udp <priority> <address> <port> typ <type> [raddr <a> rport <p>]}.
 */
final class CandidateLine {

    private CandidateLine() {
    }

    static String format(LocalCandidate candidate) {
        TransportAddress address = candidate.getTransportAddress();
        StringBuilder line = new StringBuilder("candidate:").append(candidate.getFoundation())
                .append(' ').append(candidate.getParentComponent().getComponentID())
                .append(" udp ").append(candidate.getPriority())
                .append(' ').append(address.getHostAddress()).append(' ').append(address.getPort())
                .append(" typ ").append(candidate.getType());
        TransportAddress related = candidate.getRelatedAddress();
        if (related != null) {
            line.append(" raddr ").append(related.getHostAddress()).append(" rport ").append(related.getPort());
        }
        return line.toString();
    }

    static RemoteCandidate parse(String line, Component component) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8 || !f[0].startsWith("candidate:") || !"typ".equals(f[6])) {
            throw new IllegalArgumentException("not an ICE candidate line: " + line);
        }
        if (!"udp".equalsIgnoreCase(f[2])) {
            throw new IllegalArgumentException("only UDP candidates are supported: " + line);
        }
        TransportAddress address = new TransportAddress(f[4], Integer.parseInt(f[5]), Transport.UDP);
        CandidateType type = CandidateType.parse(f[7]);
        RemoteCandidate related = null;
        for (int i = 8; i + 3 < f.length; i += 2) {
            if ("raddr".equals(f[i]) && "rport".equals(f[i + 2])) {
                related = new RemoteCandidate(new TransportAddress(f[i + 1], Integer.parseInt(f[i + 3]),
                        Transport.UDP), component, CandidateType.HOST_CANDIDATE, f[0].substring(10), 0, null);
                break;
            }
        }
        return new RemoteCandidate(address, component, type, f[0].substring("candidate:".length()),
                Long.parseLong(f[3]), related);
    }
}
