package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.routing.Router;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(SignalingSocketHandler.class);
    private static final String CONNECTION = "hushcall.connection";

    private final Dispatcher dispatcher;
    private final Router router;
    private final WsProperties properties;

    SignalingSocketHandler(Dispatcher dispatcher, Router router, WsProperties properties) {
        this.dispatcher = dispatcher;
        this.router = router;
        this.properties = properties;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Object refusal = session.getAttributes().get(TicketHandshake.REFUSAL);
        if (refusal instanceof ProtocolException e) {
            session.sendMessage(new TextMessage(Dispatcher.error(e, null)));
            session.close(new CloseStatus(CLOSE_UNAUTHORIZED, e.code().wireName()));
            return;
        }
        DeviceAddress device = (DeviceAddress) session.getAttributes().get(TicketHandshake.DEVICE);
        var safeSession = new ConcurrentWebSocketSessionDecorator(session,
                (int) properties.sendTimeLimit().toMillis(), properties.sendBufferBytes());
        SocketConnection connection = new SocketConnection(device, safeSession);
        session.getAttributes().put(CONNECTION, connection);
        log.debug("{} connected", device);
        router.attach(connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        SocketConnection connection = (SocketConnection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        String reply = dispatcher.handle(connection.device(), message.getPayload());
        if (reply != null) {
            connection.reply(reply);
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
