package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ProtocolJson;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every HTTP request meets, whichever handler answers it: the body limit, JSON errors from Jetty itself, and REST
 * bodies read by the protocol's strict rules.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    /** REST bodies are read as strictly as socket frames: no duplicate keys, no coercion (docs/protocol.md). */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return ProtocolJson::strict;
    }

    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> requestLimits(ApiProperties properties) {
        long maxBody = properties.maxBodySize().toBytes();
        return factory -> factory.addServerCustomizers(server -> {
            server.setErrorHandler(new JsonErrorHandler());
            // Wrapped as the server starts, after every customizer has put its handler in front of the servlet
            // context (the ticket endpoint, the socket upgrade), so the limit is in front of all of them.
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    limitBodies(server, maxBody);
                }
            });
        });
    }

    /**
     * A body whose Content-Length is over the limit is refused with 413 before a byte of it is read; a chunked one
     * fails with 413 at the first read past the limit. Responses are not limited.
     */
    static void limitBodies(Server server, long maxBody) {
        if (server.getHandler() instanceof SizeLimitHandler) {
            return;
        }
        SizeLimitHandler limit = new SizeLimitHandler(maxBody, -1);
        limit.setHandler(server.getHandler());
        server.setHandler(limit);
    }
}
