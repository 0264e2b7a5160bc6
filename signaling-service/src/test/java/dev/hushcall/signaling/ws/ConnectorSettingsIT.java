package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.ServiceTest;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The running server's connectors, as the customizer left them (it runs while Boot builds the server). */
@ServiceTest
class ConnectorSettingsIT {

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    WsProperties properties;

    @Test
    void everyHttpConnectorParsesHeadersWithoutAPerConnectionCache() {
        Server server = ((JettyWebServer) context.getWebServer()).getServer();

        assertThat(server.getConnectors()).isNotEmpty().allSatisfy(connector -> assertThat(
                connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().getHeaderCacheSize())
                .isZero());
    }

    @Test
    void theListenBacklogIsTheConfiguredOneNotTheJdksFifty() {
        Server server = ((JettyWebServer) context.getWebServer()).getServer();

        assertThat(properties.acceptQueue()).isGreaterThan(50);
        assertThat(server.getConnectors()).isNotEmpty().allSatisfy(connector ->
                assertThat(((ServerConnector) connector).getAcceptQueueSize()).isEqualTo(properties.acceptQueue()));
    }
}
