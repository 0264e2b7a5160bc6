package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.auth.Tickets;
import dev.hushcall.signaling.lifecycle.Drain;
import org.springframework.http.HttpStatus;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Redeems the {@code ?ticket=} of a socket upgrade. A bad ticket still gets its socket, only to be told
 * why in an {@code error} frame and closed with 4401: browsers cannot read the body of a refused upgrade.
 */
@Component
class TicketHandshake implements HandshakeInterceptor {

    static final String DEVICE = "hushcall.device";
    static final String REFUSAL = "hushcall.refusal";

    private final Tickets tickets;
    private final Drain drain;

    TicketHandshake(Tickets tickets, Drain drain) {
        this.tickets = tickets;
        this.drain = drain;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!drain.isServing()) {
            // Refused before the ticket is spent: the client retries it on another node.
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        String ticket = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("ticket");
        try {
            DeviceAddress device = tickets.redeem(ticket);
            attributes.put(DEVICE, device);
        } catch (ProtocolException e) {
            attributes.put(REFUSAL, e);
        } catch (Unavailable e) {
            attributes.put(REFUSAL, Dispatcher.UNAVAILABLE);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
