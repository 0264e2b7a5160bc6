package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.Unavailable;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One device's socket as Jetty delivers it: opened, frames in (joined from their parts, then to the dispatcher),
 * closed. Jetty calls one socket's methods one at a time and asks for the next frame when a call returns. Public
 * only because Jetty finds these methods with a public lookup; nothing else constructs it.
 */
public final class DeviceSocket implements Session.Listener.AutoDemanding {

    /** Close code for a socket opened without a valid ticket. */
    static final int CLOSE_UNAUTHORIZED = 4401;
    /** Close code (RFC 6455 "Try Again Later") when the service cannot reach its storage. */
    static final int CLOSE_TRY_AGAIN = 1013;

    private static final Logger log = LoggerFactory.getLogger(DeviceSocket.class);

    private final DeviceAddress device;
    private final ProtocolException refusal;
    private final SocketServices services;
    private SocketConnection connection;

    private DeviceSocket(DeviceAddress device, ProtocolException refusal, SocketServices services) {
        this.device = device;
        this.refusal = refusal;
        this.services = services;
    }

    static DeviceSocket of(DeviceAddress device, SocketServices services) {
        return new DeviceSocket(device, null, services);
    }

    /** A socket that only says why it may not be used, then closes. */
    static DeviceSocket refused(ProtocolException why, SocketServices services) {
        return new DeviceSocket(null, why, services);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        if (refusal != null) {
            session.sendText(Dispatcher.errorFrame(refusal, null), Callback.NOOP);
            int code = refusal.code() == ErrorCode.UNAVAILABLE ? CLOSE_TRY_AGAIN : CLOSE_UNAUTHORIZED;
            session.close(code, refusal.code().wireName(), Callback.NOOP);
            return;
        }
        connection = new SocketConnection(device, session, services.newSendWindow());
        log.debug("{} connected", device);
        try {
            services.router().attach(connection);
        } catch (Unavailable e) {
            log.warn("{} could not connect: {}", device, e.getMessage());
            connection.reply(Dispatcher.errorFrame(Dispatcher.UNAVAILABLE, null));
            services.router().detach(connection);
            connection.close(CLOSE_TRY_AGAIN, "unavailable");
            connection = null;
        }
    }

    /**
     * A message may arrive in parts, joined up to the protocol's cap; one over the cap is answered with
     * {@code frame_too_large} and the socket stays open.
     */
    @Override
    public void onWebSocketPartialText(String part, boolean last) {
        if (connection == null) {
            return;
        }
        String frame = connection.assemble(part, last);
        if (frame == null) {
            return;
        }
        services.drain().enter();
        MDC.put("device", device.toString());
        try {
            String reply = services.dispatcher().handle(device, frame);
            if (reply != null) {
                connection.reply(reply);
            }
        } finally {
            MDC.remove("device");
            services.drain().exit();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("socket transport error: {}", cause.getClass().getSimpleName());
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        if (connection != null) {
            services.router().detach(connection);
            log.debug("{} disconnected ({})", device, code);
            connection = null;
        }
    }
}
