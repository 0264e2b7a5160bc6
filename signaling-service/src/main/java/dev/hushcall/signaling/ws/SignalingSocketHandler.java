package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.routing.Router;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** The {@code /v1/ws} endpoint: one socket per device, frames to the dispatcher, replies back. */
@Component
class SignalingSocketHandler extends TextWebSocketHandler {

    /** Close code for a socket opened without a valid ticket. */
    static final int CLOSE_UNAUTHORIZED = 4401;
    /** Close code (RFC 6455 "Try Again Later") when the service cannot reach its storage. */
    static final int CLOSE_TRY_AGAIN = 1013;

    private static final Logger log = LoggerFactory.getLogger(SignalingSocketHandler.class);
    private static final String CONNECTION = "hushcall.connection";

    private final Dispatcher dispatcher;
    private final Router router;
    private final WsProperties properties;
    private final Drain drain;

    SignalingSocketHandler(Dispatcher dispatcher, Router router, WsProperties properties, Drain drain) {
        this.dispatcher = dispatcher;
        this.router = router;
        this.properties = properties;
        this.drain = drain;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Object refusal = session.getAttributes().get(TicketHandshake.REFUSAL);
        if (refusal instanceof ProtocolException e) {
            session.sendMessage(new TextMessage(Dispatcher.errorFrame(e, null)));
            int code = e.code() == ErrorCode.UNAVAILABLE ? CLOSE_TRY_AGAIN : CLOSE_UNAUTHORIZED;
            session.close(new CloseStatus(code, e.code().wireName()));
            return;
        }
        DeviceAddress device = (DeviceAddress) session.getAttributes().get(TicketHandshake.DEVICE);
        var safeSession = new ConcurrentWebSocketSessionDecorator(session,
                (int) properties.sendTimeLimit().toMillis(), properties.sendBufferBytes());
        SocketConnection connection = new SocketConnection(device, safeSession);
        session.getAttributes().put(CONNECTION, connection);
        log.debug("{} connected", device);
        try {
            router.attach(connection);
        } catch (Unavailable e) {
            log.warn("{} could not connect: {}", device, e.getMessage());
            connection.reply(Dispatcher.errorFrame(Dispatcher.UNAVAILABLE, null));
            router.detach(connection);
            session.close(new CloseStatus(CLOSE_TRY_AGAIN, "unavailable"));
        }
    }

    /**
     * A message may arrive in parts, joined here up to the protocol's cap; one over the cap is answered with
     * {@code frame_too_large} and the socket stays open.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        SocketConnection connection = (SocketConnection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        String frame = connection.assemble(message.getPayload(), message.isLast());
        if (frame == null) {
            return;
        }
        drain.enter();
        MDC.put("device", connection.device().toString());
        try {
            String reply = dispatcher.handle(connection.device(), frame);
            if (reply != null) {
                connection.reply(reply);
            }
        } finally {
            MDC.remove("device");
            drain.exit();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("socket transport error: {}", exception.getClass().getSimpleName());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        SocketConnection connection = (SocketConnection) session.getAttributes().get(CONNECTION);
        if (connection != null) {
            router.detach(connection);
            log.debug("{} disconnected ({})", connection.device(), status.getCode());
        }
    }
}
