package dev.hushcall.signaling.api;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Jetty's own refusals on the management port ({@code management.server.port}, a server of its own) in the same
 * {@code {code, message}} shape as on the public port. Registered in META-INF/spring as a management context
 * configuration, since the public server's customizers do not reach that server.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementErrors {

    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> jsonErrorsOnTheManagementPort() {
        return factory -> factory.addServerCustomizers(server -> server.setErrorHandler(new JsonErrorHandler()));
    }
}
