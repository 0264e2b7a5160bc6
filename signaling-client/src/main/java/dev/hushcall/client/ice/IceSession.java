package dev.hushcall.client.ice;

import dev.hushcall.client.HushcallClient;
import dev.hushcall.client.api.TurnCredentials;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.security.LongTermCredential;

/**
 * ICE for one call (RFC 8445) with ice4j: gathers host, server-reflexive and TURN relay candidates with the
 * credentials the service handed out, sends each to the peer as an end-to-end encrypted {@code call.ice}
 * payload, runs connectivity checks once the peer's candidates are in, and then carries the app's datagrams
 * over the selected pair. Opt-in: the SDK's call API does not need it.
 *
 * <pre>{@code
 * IceSession ice = IceSession.forCall(client, callId, iAmTheCaller, client.turnCredentials(), IceOptions.defaults());
 * // in CallListener.onIce for this call: ice.onRemoteIce(candidateJson);
 * ice.start();
 * ice.connected().join();
 * ice.send(packet);
 * }</pre>
 *
 * <p>Candidates are gathered in full, then sent one per message followed by an end-of-candidates message
 * ("half trickle"); checks start when both are complete. An ICE restart is a new session, built with
 * credentials from a {@link TurnCredentialCache} so they outlive the rest of the call.
 */
public final class IceSession implements AutoCloseable {

    static {
        // Set before ice4j reads its configuration. No AWS metadata lookup (an HTTP call to 169.254.169.254 on
        // every start), no IPv6 or link-local host candidates the relay will refuse anyway.
        setDefault("ice4j.harvest.mapping.aws.enabled", "false");
        setDefault("ice4j.harvest.use-ipv6", "false");
        setDefault("ice4j.harvest.use-link-local-addresses", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The pair the checks selected: what each side's candidate is and where it is. */
    public record Path(String localType, InetSocketAddress local, String remoteType, InetSocketAddress remote) {
        public boolean relayed() {
            return "relay".equals(localType) || "relay".equals(remoteType);
        }
    }

    private final Agent agent = new Agent();
    private final IceMediaStream stream;
    private final IceOptions options;
    private final Consumer<String> signal;
    private final List<BoundedTurnHarvester> turnHarvesters = new ArrayList<>();
    private final List<CandidateMessage> pendingRemote = new ArrayList<>();
    private final CompletableFuture<Path> connected = new CompletableFuture<>();
    private Component component;
    private boolean remoteDone;
    private boolean checking;
    private volatile boolean closed;

    private IceSession(TurnCredentials credentials, boolean controlling, IceOptions options, Consumer<String> signal) {
        this.options = options;
        this.signal = signal;
        agent.setControlling(controlling);
        stream = agent.createMediaStream("audio");
        if (!options.hostAddresses().isEmpty()) {
            agent.setUseDynamicPorts(false);
            agent.addCandidateHarvester(new FixedAddressHostHarvester(options.hostAddresses()));
        }
        LongTermCredential credential = new LongTermCredential(credentials.username(), credentials.password());
        for (TransportAddress server : udpTurnServers(credentials.uris())) {
            BoundedTurnHarvester harvester = new BoundedTurnHarvester(server, credential);
            turnHarvesters.add(harvester);
            agent.addCandidateHarvester(harvester);
        }
        agent.addStateChangeListener(this::stateChanged);
    }

    /**
     * A session whose candidates go to the peer through {@code signal} (a JSON string per message), e.g.
     * {@code json -> client.sendIce(callId, json)}. Nothing touches the network until {@link #start()}.
     *
     * @param controlling true on exactly one side; by convention the caller
     */
    public static IceSession create(TurnCredentials credentials, boolean controlling, IceOptions options,
                                    Consumer<String> signal) {
        return new IceSession(credentials, controlling, options, signal);
    }

    /** A session for {@code callId} that trickles through {@link HushcallClient#sendIce}. */
    public static IceSession forCall(HushcallClient client, String callId, boolean controlling,
                                     TurnCredentials credentials, IceOptions options) {
        return create(credentials, controlling, options, json -> client.sendIce(callId, json));
    }

    /**
     * Gathers candidates (a TURN Allocate per server: network round trips) on a new thread, sends each to the
     * peer, then end-of-candidates. Completes when all are handed to the signalling channel.
     */
    public CompletableFuture<Void> start() {
        return CompletableFuture.runAsync(this::gatherAndSend, runnable -> {
            Thread thread = new Thread(runnable, "hushcall-ice-gather");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private void gatherAndSend() {
        Component gathered;
        try {
            gathered = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        } catch (IOException e) {
            connected.completeExceptionally(e);
            throw new java.io.UncheckedIOException("ICE gathering failed", e);
        }
        String ufrag = agent.getLocalUfrag();
        String pwd = agent.getLocalPassword();
        for (LocalCandidate candidate : gathered.getLocalCandidates()) {
            if (!options.relayOnly() || candidate.getType() == CandidateType.RELAYED_CANDIDATE) {
                signal.accept(CandidateMessage.of(ufrag, pwd, CandidateLine.format(candidate)).toJson());
            }
        }
        signal.accept(CandidateMessage.endOfCandidates(ufrag, pwd).toJson());
        synchronized (this) {
            component = gathered;
            pendingRemote.forEach(this::addRemote);
            pendingRemote.clear();
            startChecksIfReady();
        }
    }

    /** A {@code call.ice} payload from the peer, as {@code CallListener.onIce} delivered it. */
    public synchronized void onRemoteIce(String candidateJson) {
        CandidateMessage message = CandidateMessage.parse(candidateJson);
        if (component == null) {
            pendingRemote.add(message);
            return;
        }
        addRemote(message);
        startChecksIfReady();
    }

    private void addRemote(CandidateMessage message) {
        stream.setRemoteUfrag(message.ufrag());
        stream.setRemotePassword(message.pwd());
        if (message.done()) {
            remoteDone = true;
            return;
        }
        RemoteCandidate candidate = CandidateLine.parse(message.candidate(), component);
        if (options.relayOnly() && candidate.getType() != CandidateType.RELAYED_CANDIDATE) {
            return;
        }
        if (checking) {
            component.addUpdateRemoteCandidates(candidate);
            component.updateRemoteCandidates();
        } else {
            component.addRemoteCandidate(candidate);
        }
    }

    private void startChecksIfReady() {
        if (checking || component == null || !remoteDone || closed) {
            return;
        }
        checking = true;
        connected.orTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        agent.startConnectivityEstablishment();
    }

    private void stateChanged(PropertyChangeEvent event) {
        if (event.getNewValue() == IceProcessingState.COMPLETED) {
            CandidatePair pair = component.getSelectedPair();
            connected.complete(new Path(type(pair.getLocalCandidate()), address(pair.getLocalCandidate()),
                    type(pair.getRemoteCandidate()), address(pair.getRemoteCandidate())));
        } else if (event.getNewValue() == IceProcessingState.FAILED) {
            connected.completeExceptionally(new IOException("ICE failed: no candidate pair works"));
        }
    }

    /** Completes with the selected pair once checks succeed; fails after {@link IceOptions#connectTimeout()}. */
    public CompletableFuture<Path> connected() {
        return connected;
    }

    /** Sends one datagram to the peer over the selected pair (through the relay if that is the path). */
    public void send(byte[] data) throws IOException {
        Path path = connected.getNow(null);
        if (path == null) {
            throw new IOException("ICE is not connected yet");
        }
        component.getSocket().send(new DatagramPacket(data, data.length, path.remote()));
    }

    /** The next datagram the peer sent over the selected pair; {@link SocketTimeoutException} after {@code timeout}. */
    public byte[] receive(Duration timeout) throws IOException {
        if (component == null) {
            throw new IOException("ICE has not gathered yet");
        }
        var socket = component.getSocket();
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        socket.receive(packet);
        return java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    /** CreatePermission requests a TURN server refused (403) during this session, each sent once. */
    public int refusedPermissions() {
        return turnHarvesters.stream().mapToInt(BoundedTurnHarvester::refusedPermissions).sum();
    }

    /**
     * Frees sockets and TURN allocations. Relayed candidates are closed first, on their own: {@code Agent.free()} closes
     * them while holding its STUN stack's connector map, and a relayed socket's send thread takes its queue's lock and
     * then that map, so closing them inside {@code free()} can deadlock (seen in {@code IceOverTurnIT}, ice4j
     * 3.2-15: the test hung in {@code close()}). Closed first, a relayed socket's send thread sees it closed and
     * ends after the packet it may be sending; {@code free()} then finds it closed.
     */
    @Override
    public void close() {
        closed = true;
        connected.completeExceptionally(new IOException("ICE session closed"));
        for (IceMediaStream stream : agent.getStreams()) {
            for (Component each : stream.getComponents()) {
                for (LocalCandidate candidate : each.getLocalCandidates()) {
                    if (candidate instanceof RelayedCandidate relayed) {
                        relayed.getCandidateIceSocketWrapper().close();
                    }
                }
            }
        }
        agent.free();
    }

    /** One TURN server per host and port of the {@code turn:} UDP URIs; ice4j's TCP and TLS TURN are not used. */
    static List<TransportAddress> udpTurnServers(List<String> uris) {
        Set<TransportAddress> servers = new LinkedHashSet<>();
        for (String text : uris) {
            URI uri = URI.create(text);
            String rest = uri.getSchemeSpecificPart();
            String query = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "";
            String hostPort = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
            if (!"turn".equals(uri.getScheme()) || !(query.isEmpty() || query.contains("transport=udp"))) {
                continue;
            }
            int colon = hostPort.lastIndexOf(':');
            boolean hasPort = colon > hostPort.lastIndexOf(']');
            String host = hasPort ? hostPort.substring(0, colon) : hostPort;
            int port = hasPort ? Integer.parseInt(hostPort.substring(colon + 1)) : 3478;
            servers.add(new TransportAddress(host.replace("[", "").replace("]", ""), port, Transport.UDP));
        }
        return List.copyOf(servers);
    }

    private static String type(Candidate<?> candidate) {
        return candidate.getType().toString();
    }

    private static InetSocketAddress address(Candidate<?> candidate) {
        TransportAddress a = candidate.getTransportAddress();
        return new InetSocketAddress(a.getAddress(), a.getPort());
    }
}
