package dev.hushcall.signaling.turn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.ice4j.AbstractResponseCollector;
import org.ice4j.BaseStunMessageEvent;
import org.ice4j.StunResponseEvent;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;
import org.ice4j.attribute.XorRelayedAddressAttribute;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;
import org.ice4j.security.LongTermCredentialSession;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;
import org.ice4j.stack.TransactionID;

/**
 * One short TURN conversation (RFC 8656) with ice4j's STUN messages, over UDP or over one TCP or TLS connection
 * ({@link StunStream}): Allocate with the long-term credential challenge, CreatePermission, and Refresh(0) to
 * free the allocation. Unlike ice4j's harvester it sends exactly the requests asked for: over UDP each is
 * retransmitted a bounded number of times, an error answer is returned rather than retried (ice4j's relayed socket
 * re-sends CreatePermission after every 403), and the only automatic repeat is the one RFC 8489 §9.2 requires:
 * once after the 401 challenge or a 438 stale nonce. The relay itself is UDP whatever the transport to coturn.
 */
final class TurnAllocator implements AutoCloseable {

    /** How the client reaches coturn: {@code turn:…?transport=udp}, {@code ?transport=tcp}, {@code turns:}. */
    enum ClientTransport { UDP, TCP, TLS }

    /** STUN/TURN answer: {@code code} 0 for success, else the ERROR-CODE (or {@link #TIMEOUT}). */
    record Reply(int code, String reason, InetSocketAddress relayed) {
        boolean ok() {
            return code == 0;
        }
    }

    /** No answer within the timeout (not a STUN code). */
    static final int TIMEOUT = -1;
    private static final byte UDP = 17;
    /** RFC 8489 §6.2.1 retransmits at 500 ms doubling; on a probe 250 ms then three more is plenty. */
    private static final int FIRST_RETRANSMIT_MS = 250;
    private static final int MAX_RETRANSMISSIONS = 3;

    private final StunStack stack = new StunStack();
    /** UDP: the socket, its address and coturn's; null over a stream. */
    private final DatagramSocket socket;
    private final TransportAddress local;
    private final TransportAddress server;
    /** TCP or TLS: the connection; null over UDP. */
    private final StunStream stream;
    private final LongTermCredential credential;
    private final Duration timeout;
    private final AtomicInteger requests = new AtomicInteger();
    private LongTermCredentialSession session;

    TurnAllocator(InetSocketAddress server, String username, String password, Duration timeout) throws IOException {
        this.server = new TransportAddress(server, Transport.UDP);
        this.socket = new DatagramSocket(new InetSocketAddress(wildcardFor(server.getAddress()), 0));
        this.local = new TransportAddress(socket.getLocalAddress(), socket.getLocalPort(), Transport.UDP);
        this.stream = null;
        this.credential = new LongTermCredential(username, password);
        this.timeout = timeout;
        stack.addSocket(new IceUdpSocketWrapper(socket));
    }

    private TurnAllocator(StunStream stream, String username, String password, Duration timeout) {
        this.socket = null;
        this.local = null;
        this.server = null;
        this.stream = stream;
        this.credential = new LongTermCredential(username, password);
        this.timeout = timeout;
    }

    /**
     * A conversation over {@code transport}; {@code host} is the name a TLS certificate must carry and {@code tls}
     * the factory that checks it. Connecting (and the TLS handshake) happens here and may throw.
     */
    static TurnAllocator over(ClientTransport transport, InetSocketAddress server, String host, SSLSocketFactory tls,
            String username, String password, Duration timeout) throws IOException {
        return switch (transport) {
            case UDP -> new TurnAllocator(server, username, password, timeout);
            case TCP -> new TurnAllocator(StunStream.tcp(server, timeout), username, password, timeout);
            case TLS -> new TurnAllocator(StunStream.tls(server, host, tls, timeout), username, password, timeout);
        };
    }

    /** Allocate a UDP relay of {@code family} ({@link RequestedAddressFamilyAttribute#IPv4} or IPv6). */
    Reply allocate(char family) throws InterruptedException {
        return authenticated(() -> {
            Request request = MessageFactory.createAllocateRequest(UDP, false);
            if (family != RequestedAddressFamilyAttribute.IPv4) {
                request.putAttribute(new RequestedFamily(family));
            }
            return request;
        });
    }

    Reply allocate() throws InterruptedException {
        return allocate(RequestedAddressFamilyAttribute.IPv4);
    }

    Reply createPermission(InetSocketAddress peer) throws InterruptedException {
        TransportAddress address = new TransportAddress(peer, Transport.UDP);
        return authenticated(() -> {
            // ice4j encodes XOR-PEER-ADDRESS with the transaction id it is given, so the request carries its own.
            byte[] id = TransactionID.createNewTransactionID().getBytes();
            Request request = MessageFactory.createCreatePermissionRequest(address, id);
            request.setTransactionID(id);
            return request;
        });
    }

    /** Refresh with lifetime 0: coturn frees the allocation now instead of when it expires. */
    Reply release() throws InterruptedException {
        return refresh(0);
    }

    /** Refresh asking for {@code seconds} more (coturn caps it at max-allocate-lifetime). */
    Reply refresh(int seconds) throws InterruptedException {
        return authenticated(() -> MessageFactory.createRefreshRequest(seconds));
    }

    /** Requests put on the wire so far, retransmissions not counted. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        stack.shutDown();
        if (socket != null) {
            socket.close();
        }
        if (stream != null) {
            stream.close();
        }
    }

    /**
     * REQUESTED-ADDRESS-FAMILY as RFC 8656 §18.10 spells it: a 4-byte value (family, then 3 reserved bytes).
     * ice4j writes a 1-byte value, which coturn answers with 440.
     */
    private static final class RequestedFamily extends RequestedAddressFamilyAttribute {
        private final char value;

        RequestedFamily(char value) {
            this.value = value;
        }

        @Override
        public char getDataLength() {
            return 4;
        }

        @Override
        public char getFamily() {
            return value;
        }

        @Override
        public byte[] encode() {
            return new byte[] {(byte) (getAttributeType() >> 8), (byte) getAttributeType(), 0, 4, (byte) value, 0, 0, 0};
        }
    }

    private interface RequestFactory {
        Request create() throws Exception;
    }

    private Reply authenticated(RequestFactory factory) throws InterruptedException {
        Response response = send(factory, true);
        if (response == null) {
            return new Reply(TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null);
        }
        int code = errorCode(response);
        boolean challenge = code == ErrorCodeAttribute.UNAUTHORIZED && session == null;
        if (challenge || code == ErrorCodeAttribute.STALE_NONCE) {
            adoptChallenge(response);
            response = send(factory, false);
            if (response == null) {
                return new Reply(TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null);
            }
        }
        return reply(response);
    }

    private void adoptChallenge(Response response) {
        RealmAttribute realm = (RealmAttribute) response.getAttribute(Attribute.REALM);
        NonceAttribute nonce = (NonceAttribute) response.getAttribute(Attribute.NONCE);
        if (session == null) {
            session = new LongTermCredentialSession(credential, realm == null ? null : realm.getRealm());
            stack.getCredentialsManager().registerAuthority(session);
        }
        if (nonce != null) {
            session.setNonce(nonce.getNonce());
        }
    }

    /** Sends one request (and its bounded retransmissions); null when nothing answered in time. */
    private Response send(RequestFactory factory, boolean firstTry) throws InterruptedException {
        Request request;
        try {
            request = factory.create();
            if (session != null) {
                session.addAttributes(request);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not build a TURN request", e);
        }
        if (stream != null) {
            try {
                requests.incrementAndGet();
                return stream.exchange(request, stack);
            } catch (IOException e) {
                return null;
            }
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        TransactionID id = request.getTransactionID() != null
                ? TransactionID.createTransactionID(stack, request.getTransactionID())
                : TransactionID.createNewTransactionID();
        try {
            requests.incrementAndGet();
            stack.sendRequest(request, server, local, new AbstractResponseCollector() {
                @Override
                protected void processFailure(BaseStunMessageEvent event) {
                    answer.complete(null);
                }

                @Override
                public void processResponse(StunResponseEvent event) {
                    answer.complete(event.getResponse());
                }
            }, id, FIRST_RETRANSMIT_MS, FIRST_RETRANSMIT_MS * 8, MAX_RETRANSMISSIONS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            stack.cancelTransaction(id);
            return null;
        }
    }

    private static Reply reply(Response response) {
        if (response.isSuccessResponse()) {
            XorRelayedAddressAttribute relayed =
                    (XorRelayedAddressAttribute) response.getAttribute(Attribute.XOR_RELAYED_ADDRESS);
            InetSocketAddress address = null;
            if (relayed != null) {
                TransportAddress a = relayed.getAddress(response.getTransactionID());
                address = new InetSocketAddress(a.getAddress(), a.getPort());
            }
            return new Reply(0, "ok", address);
        }
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        int code = error == null ? 500 : error.getErrorCode();
        String reason = error == null || error.getReasonPhrase() == null ? "" : error.getReasonPhrase();
        return new Reply(code, reason, null);
    }

    private static int errorCode(Response response) {
        if (!response.isErrorResponse()) {
            return 0;
        }
        ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
        return error == null ? 500 : error.getErrorCode();
    }

    private static InetAddress wildcardFor(InetAddress server) throws IOException {
        return InetAddress.getByName(server instanceof java.net.Inet6Address ? "::" : "0.0.0.0");
    }
}
