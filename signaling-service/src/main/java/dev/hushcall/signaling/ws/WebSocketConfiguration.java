package dev.hushcall.signaling.ws;

import dev.hushcall.protocol.ProtocolJson;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final SignalingSocketHandler handler;
    private final TicketHandshake ticketHandshake;
    private final WsProperties properties;

    WebSocketConfiguration(SignalingSocketHandler handler, TicketHandshake ticketHandshake, WsProperties properties) {
        this.handler = handler;
        this.ticketHandshake = ticketHandshake;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ws")
                .addInterceptors(ticketHandshake)
                .setHandshakeHandler(new NoCompression())
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Twice the protocol's frame cap: frames up to the cap are parsed, frames between the cap and this get a
     * {@code frame_too_large} error, and only beyond this does the container close the socket (1009).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(2 * ProtocolJson.MAX_FRAME_CHARS);
        container.setMaxBinaryMessageBufferSize(1024);
        container.setMaxSessionIdleTimeout(properties.idleTimeout().toMillis());
        return container;
    }

    /**
     * Refuses permessage-deflate: payloads are ciphertext, which does not compress, so deflate is pure cost
     * (a naive relay that accepted it collapsed at 800 call set-ups/s here; see DESIGN.md).
     */
    static final class NoCompression extends DefaultHandshakeHandler {
        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
                List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
            return List.of();
        }
    }
}
