package dev.hushcall.signaling.auth;

import dev.hushcall.signaling.keys.DeviceDirectory;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.ratelimit.RateLimits;
import java.time.Clock;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Puts {@link TicketHandler} in front of the servlet context. */
@Configuration(proxyBeanMethods = false)
class TicketConfiguration {

    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> ticketHandler(JwtDecoder tokens, Tickets tickets,
                                                                           DeviceDirectory devices,
                                                                           CallMetrics metrics, RateLimits limits,
                                                                           Clock clock) {
        return factory -> factory.addServerCustomizers(server -> {
            TicketHandler handler = new TicketHandler(tokens, tickets, devices, metrics, limits, clock);
            handler.setHandler(server.getHandler());
            server.setHandler(handler);
        });
    }
}
