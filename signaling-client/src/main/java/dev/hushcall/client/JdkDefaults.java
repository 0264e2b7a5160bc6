package dev.hushcall.client;

import dev.hushcall.client.api.HttpTransport;
import dev.hushcall.client.api.JdkHttpTransport;
import dev.hushcall.client.transport.JdkWebSocketFactory;
import dev.hushcall.client.transport.WebSocketFactory;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The {@code java.net.http} defaults, kept out of the builder so that an app which plugs in both its own
 * {@link HttpTransport} and {@link WebSocketFactory} (Android, where the package does not exist) never runs
 * code that touches it. Both defaults share one client, and so one selector thread.
 */
final class JdkDefaults {

    private final HttpClient http;

    /** @param shared the app's client, or null to create one */
    JdkDefaults(HttpClient shared, Duration connectTimeout) {
        this.http = shared != null ? shared : HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    HttpTransport rest(Duration requestTimeout) {
        return new JdkHttpTransport(http, requestTimeout);
    }

    WebSocketFactory sockets() {
        return new JdkWebSocketFactory(http);
    }
}
