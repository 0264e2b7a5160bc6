package dev.hushcall.signaling.ws;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.FrameHandlerFactory;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * Upgrades {@code /v1/ws} requests to device sockets, in front of the servlet context; every other request goes on.
 *
 * <p>Jetty's own upgrade handler would do, except that it keeps each socket's upgrade request and response for as long
 * as the socket lives ({@code Session.getUpgradeRequest()}), and those point back at the HTTP connection, its parser,
 * channel state and headers: ~2 KB of heap per idle socket that nothing here reads (found in a heap dump of 10,000
 * idle sockets, Jetty 12.1.10), and its sockets go through Jetty's WebSocket API layer. This handler upgrades to
 * {@link DeviceSocket}s, which are WebSocket core frame handlers themselves and keep nothing of the upgrade;
 * everything a socket needs from it, {@link SocketEndpoint} takes while the request is still there.
 */
final class SocketUpgradeHandler extends Handler.Wrapper {

    private final WebSocketComponents components;
    private final WebSocketMappings mappings;
    private final Handshaker handshaker;

    /**
     * @param readOnSelector whether sockets handle their frames on the selector thread ({@link SelectorHandshaker});
     *                       only when nothing on the frame path blocks
     */
    SocketUpgradeHandler(Server server, SocketEndpoint endpoint, Configuration.Customizer settings,
                         boolean readOnSelector) {
        components = WebSocketServerComponents.ensureWebSocketComponents(server);
        FrameHandlerFactory deviceSockets = (socket, request, response) -> (DeviceSocket) socket;
        mappings = new WebSocketMappings(components);
        mappings.addMapping(WebSocketMappings.parsePathSpec(WebSocketConfiguration.PATH), endpoint, deviceSockets,
                settings);
        handshaker = readOnSelector ? new SelectorHandshaker() : mappings.getHandshaker();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            WebSocketNegotiator negotiator = mappings.getMatchedNegotiator(request, (matched, path) -> { });
            if (negotiator != null
                    && handshaker.upgradeRequest(negotiator, request, response, callback, components, null)) {
                return true;
            }
        } catch (Throwable failure) {
            Response.writeError(request, response, callback, failure);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
