package dev.hushcall.client.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Host candidates on the addresses given, loopback included. ice4j's own host harvester always skips loopback
 * interfaces, so two agents on one machine (tests, local development) could not reach each other without this.
 */
final class FixedAddressHostHarvester extends AbstractCandidateHarvester {

    private final List<InetAddress> addresses;

    FixedAddressHostHarvester(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> candidates = new ArrayList<>();
        for (InetAddress address : addresses) {
            try {
                IceUdpSocketWrapper socket = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(0, address));
                HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
                component.addLocalCandidate(candidate);
                // As ice4j's HostCandidateHarvester does: STUN (checks, TURN) and the app's data share the socket.
                candidate.getStunStack().addSocket(candidate.getStunSocket(null));
                if (component.getComponentSocket() != null) {
                    component.getComponentSocket().add(socket);
                }
                candidates.add(candidate);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot bind a host candidate on " + address, e);
            }
        }
        return candidates;
    }
}
