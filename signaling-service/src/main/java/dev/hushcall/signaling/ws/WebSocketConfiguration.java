package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.store.StoreSelection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;

/**
 * Serves {@code /v1/ws} with Jetty's WebSocket core, in front of the servlet context: an upgrade never passes
 * through the servlet filters, Spring Security or Spring MVC (the ticket in its query is its proof, checked by
 * {@link SocketEndpoint}), and an open socket keeps no servlet request alive. Chosen by measurement
 * (docs/benchmarks.md): heap per idle socket went from ~70 KB (Tomcat) and ~20 KB (Jetty behind Spring's WebSocket
 * adapter) to ~6 KB, and opening a socket costs no servlet request. Every other path goes on to the servlet context
 * unchanged.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    static final String PATH = "/v1/ws";

    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> deviceSockets(SocketEndpoint endpoint,
                                                                            WsProperties properties,
                                                                            Environment environment) {
        boolean readOnSelector = readsOnSelector(environment);
        return factory -> factory.addServerCustomizers(
                server -> install(server, endpoint, properties, readOnSelector));
    }

    /**
     * Timers of sockets replaying a backlog, to drop a device that takes none of it ({@link SocketConnection}): one
     * daemon thread, idle unless a backlog is waiting on a device.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    ScheduledExecutorScheduler socketTimers() {
        return new ScheduledExecutorScheduler("hushcall-socket-timers", true);
    }

    private static void install(Server server, SocketEndpoint endpoint, WsProperties properties,
                                boolean readOnSelector) {
        ConfigurationCustomizer settings = new ConfigurationCustomizer();
        settings.setIdleTimeout(properties.idleTimeout());
        // Jetty allocates a frame's buffer only while the frame is being received, so a generous limit costs idle
        // sockets nothing; DeviceSocket answers messages over the protocol's own cap and closes those over this.
        settings.setMaxFrameSize(properties.maxMessageBytes());
        SocketUpgradeHandler sockets = new SocketUpgradeHandler(server, endpoint, settings, readOnSelector);
        sockets.setHandler(server.getHandler());
        server.setHandler(sockets);
        withoutHeaderCache(server);
        withAcceptQueue(server, properties.acceptQueue());
    }

    /**
     * Whether sockets handle their frames on the selector thread that read them ({@link SelectorHandshaker}): only
     * with state in memory, where nothing on a frame's path waits. With Redis every frame waits on round trips, which
     * must not stall a selector and every socket behind it.
     */
    static boolean readsOnSelector(PropertyResolver environment) {
        return !StoreSelection.redisConfigured(environment);
    }

    /**
     * Sets the listen backlog. Left alone, Jetty passes 0 and the JDK makes it 50; devices reconnecting all at once
     * (a node restarting, a network coming back) overflow that, and the kernel falls back to SYN cookies and the
     * clients' SYN retries: call set-ups of 1 s and more, at rates far below the node's capacity.
     */
    static void withAcceptQueue(Server server, int connections) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector listening) {
                listening.setAcceptQueueSize(connections);
            }
        }
    }

    /**
     * Turns off Jetty's per-connection cache of request header fields. It pays off on a connection that carries many
     * requests with the same headers; here nearly every connection carries one request, a socket upgrade with its
     * own key and ticket, and building and clearing the cache for it was ~10 % of the node's CPU in the call set-up
     * benchmark (JFR: {@code HttpParser$FieldCache.add}, {@code ArrayTrie.clear}).
     */
    static void withoutHeaderCache(Server server) {
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setHeaderCacheSize(0);
            }
        }
    }
}
