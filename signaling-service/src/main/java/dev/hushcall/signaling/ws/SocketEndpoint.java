package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.auth.Tickets;
import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.ratelimit.Limit;
import dev.hushcall.signaling.ratelimit.RateLimited;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketCreator;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Decides what an upgrade to {@code /v1/ws} becomes. A draining node answers 503 before the ticket is spent (the
 * client retries it on another node); a page from a foreign origin gets 403. Otherwise the ticket is redeemed and the
 * socket opened either way: a bad ticket still gets its socket, only to be told why in an {@code error} frame and
 * closed with 4401, because browsers cannot read the body of a refused upgrade. Compression is never negotiated.
 */
@Component
class SocketEndpoint implements WebSocketCreator {

    private final Tickets tickets;
    private final Drain drain;
    private final SocketServices services;
    private final CorsConfiguration origins = new CorsConfiguration();

    SocketEndpoint(Tickets tickets, Drain drain, SocketServices services, WsProperties properties) {
        this.tickets = tickets;
        this.drain = drain;
        this.services = services;
        origins.setAllowedOriginPatterns(properties.allowedOrigins());
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && origins.checkOrigin(origin) == null) {
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return null;
        }
        if (!drain.isServing()) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
            return null;
        }
        // Payloads are ciphertext, which does not compress: permessage-deflate would be pure cost.
        response.setExtensions(List.of());
        String ticket = Request.extractQueryParameters(request).getValue("ticket");
        String address = Request.getRemoteAddr(request);
        try {
            services.limits().refuseIfSpent(Limit.FAILED_AUTH_PER_ADDRESS, address);
            Tickets.Redeemed redeemed = tickets.redeem(ticket);
            return DeviceSocket.of(redeemed.device(), redeemed.generation(), services);
        } catch (RateLimited e) {
            return DeviceSocket.refused(e, services);
        } catch (ProtocolException e) {
            services.limits().spend(Limit.FAILED_AUTH_PER_ADDRESS, address);
            return DeviceSocket.refused(e, services);
        } catch (Unavailable e) {
            return DeviceSocket.refused(Dispatcher.UNAVAILABLE, services);
        }
    }
}
