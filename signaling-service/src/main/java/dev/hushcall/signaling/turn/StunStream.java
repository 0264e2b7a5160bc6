package dev.hushcall.signaling.turn;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.ice4j.StunException;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.stack.StunStack;
import org.ice4j.stack.TransactionID;

/**
 * STUN over one TCP or TLS connection to a TURN server (RFC 8489 §6.2.2, RFC 8656 §3.1: {@code turn:…?transport=tcp}
 * and {@code turns:}): messages back to back, each framed by the length in its header, no retransmissions. A TLS
 * connection checks the certificate and the host name as a browser would, so an expired or wrong certificate fails
 * the probe instead of the calls.
 */
final class StunStream implements AutoCloseable {

    private static final int HEADER = 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private StunStream(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) timeout.toMillis());
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static StunStream tcp(InetSocketAddress server, Duration timeout) throws IOException {
        return new StunStream(connect(server, timeout), timeout);
    }

    /** TLS to {@code host} (the name in the URI, checked against the certificate) at {@code server}. */
    static StunStream tls(InetSocketAddress server, String host, SSLSocketFactory factory, Duration timeout)
            throws IOException {
        Socket raw = connect(server, timeout);
        try {
            raw.setSoTimeout((int) timeout.toMillis());
            SSLSocket tls = (SSLSocket) factory.createSocket(raw, host, server.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return new StunStream(tls, timeout);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static Socket connect(InetSocketAddress server, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code request} (MESSAGE-INTEGRITY computed by {@code stack}) and reads its answer; null on timeout. */
    Response exchange(Request request, StunStack stack) throws IOException {
        if (request.getTransactionID() == null) {
            setTransactionId(request, TransactionID.createNewTransactionID().getBytes());
        }
        out.write(request.encode(stack));
        out.flush();
        try {
            while (true) {
                Message message = read();
                if (message instanceof Response response
                        && Arrays.equals(response.getTransactionID(), request.getTransactionID())) {
                    return response;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private Message read() throws IOException {
        byte[] header = new byte[HEADER];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = Arrays.copyOf(header, HEADER + length);
        in.readFully(message, HEADER, length);
        try {
            return Message.decode(message, 0, message.length);
        } catch (StunException e) {
            throw new IOException("not a STUN message from the TURN server: " + e.getMessage(), e);
        }
    }

    private static void setTransactionId(Request request, byte[] id) {
        try {
            request.setTransactionID(id);
        } catch (StunException e) {
            throw new IllegalStateException("a new transaction id is always 12 bytes", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe's connection; nothing to do
        }
    }
}
