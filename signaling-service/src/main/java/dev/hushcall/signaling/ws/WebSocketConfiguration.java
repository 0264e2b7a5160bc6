package dev.hushcall.signaling.ws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final SignalingSocketHandler handler;
    private final TicketHandshake ticketHandshake;
    private final WsProperties properties;
    private final NoCompression handshakeHandler;

    WebSocketConfiguration(SignalingSocketHandler handler, TicketHandshake ticketHandshake, WsProperties properties,
                           NoCompression handshakeHandler) {
        this.handler = handler;
        this.ticketHandshake = ticketHandshake;
        this.properties = properties;
        this.handshakeHandler = handshakeHandler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ws")
                .addInterceptors(new NoDeflate(), ticketHandshake)
                .setHandshakeHandler(handshakeHandler)
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Jetty, chosen by measurement: ~20 KB of heap per idle socket against Tomcat's ~70 KB (2,000 idle sockets,
     * heap after full GC; see docs/operations.md). Jetty allocates message buffers only while a message is
     * being received, so a generous size limit costs idle sockets nothing.
     */
    @Bean
    static NoCompression handshakeHandler(WsProperties properties) {
        JettyRequestUpgradeStrategy jetty = new JettyRequestUpgradeStrategy();
        jetty.addWebSocketConfigurer(socket -> {
            socket.setIdleTimeout(properties.idleTimeout());
            socket.setMaxTextMessageSize(properties.maxMessageBytes());
            socket.setMaxFrameSize(properties.maxMessageBytes());
            socket.setMaxBinaryMessageSize(1024);
        });
        return new NoCompression(jetty);
    }

    /**
     * Spring's Jetty strategy lets Jetty negotiate extensions itself, so {@link NoCompression}'s filter alone does
     * not stop permessage-deflate: the extension is also taken out of Jetty's registry, which Jetty creates with
     * the first socket, hence here, before each handshake until it is done.
     */
    static final class NoDeflate implements HandshakeInterceptor {

        private final AtomicBoolean removed = new AtomicBoolean();

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                       Map<String, Object> attributes) {
            if (!removed.get() && request instanceof ServletServerHttpRequest servlet) {
                Object components = servlet.getServletRequest().getServletContext()
                        .getAttribute(WebSocketComponents.class.getName());
                if (components instanceof WebSocketComponents jetty) {
                    jetty.getExtensionRegistry().unregister("permessage-deflate");
                    removed.set(true);
                }
            }
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Exception exception) {
        }
    }

    /**
     * Refuses permessage-deflate: payloads are ciphertext, which does not compress, so deflate is pure cost
     * (a naive relay that accepted it collapsed at 800 call set-ups/s here; see DESIGN.md).
     */
    static final class NoCompression extends DefaultHandshakeHandler {

        NoCompression(RequestUpgradeStrategy strategy) {
            super(strategy);
        }

        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
                List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
            return List.of();
        }
    }
}
