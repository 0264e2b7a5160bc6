package dev.hushcall.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.hushcall.client.HushcallException;
import dev.hushcall.client.api.HushcallApi;
import dev.hushcall.client.api.KeyUpload;
import dev.hushcall.client.store.InMemoryKeyValueStore;
import dev.hushcall.client.store.SignalStore;
import dev.hushcall.client.testing.TestDevice;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration and refill against a JDK HttpServer playing the REST endpoints. */
class KeyManagerTest {

    private HttpServer http;
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final SignalStore store = new SignalStore(new InMemoryKeyValueStore());
    private KeyManager keys;
    private HushcallApi api;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(call + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String reply = replies.getOrDefault(call, "204 ");
            int status = Integer.parseInt(reply.substring(0, 3));
            byte[] body = reply.substring(4).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        api = new HushcallApi(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), () -> "jwt-1",
                HttpClient.newHttpClient(), Duration.ofSeconds(5));
        keys = new KeyManager(api, store, new DeviceKeyGenerator(store, TestDevice.CLOCK), new KeyPolicy(20, 30));
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void registeringUploadsAFullKeySetOnceAndRemembersTheDeviceId() {
        replies.put("POST /v1/devices", "201 {\"deviceId\":3}");

        assertThat(keys.register()).isEqualTo(3);
        assertThat(keys.register()).isEqualTo(3);

        assertThat(requests).singleElement().asString().contains("\"registrationId\"", "\"kyberLastResortPreKey\"");
        assertThat(store.account().deviceId()).hasValue(3);
        assertThat(authorizations).containsOnly("Bearer jwt-1");
    }

    @Test
    void aRunningLowCountIsToppedUpToTheTarget() {
        replies.put("POST /v1/devices", "201 {\"deviceId\":1}");
        replies.put("GET /v1/devices/1/keys/count", "200 {\"preKeys\":5,\"kyberPreKeys\":25}");
        keys.register();

        keys.refillIfNeeded();

        String upload = requests.get(requests.size() - 1);
        assertThat(upload).startsWith("PUT /v1/devices/1/keys ");
        KeyUpload body = ProtocolJson.mapper().readValue(upload.substring(upload.indexOf('{')), KeyUpload.class);
        assertThat(body.preKeys()).hasSize(25);
        assertThat(body.kyberPreKeys()).isNull();
        assertThat(body.identityKey()).isNotBlank();
    }

    @Test
    void anErrorBodyBecomesAnExceptionWithItsCode() {
        replies.put("GET /v1/keys/nobody%20here", "404 {\"code\":\"unknown_user\",\"message\":\"no devices\"}");

        assertThatThrownBy(() -> api.bundles("nobody here")).isInstanceOfSatisfying(HushcallException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_USER);
            assertThat(e.httpStatus()).isEqualTo(404);
        });
    }

    @Test
    void oneDevicesBundleIsAskedForByUserAndDeviceAndItsAbsenceIsUnknownDevice() {
        replies.put("GET /v1/keys/bob%20b/3",
                "404 {\"code\":\"unknown_device\",\"message\":\"this user has no device 3\"}");

        assertThatThrownBy(() -> api.bundle("bob b", 3)).isInstanceOfSatisfying(HushcallException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
            assertThat(e.httpStatus()).isEqualTo(404);
        });
        assertThat(requests).containsExactly("GET /v1/keys/bob%20b/3 ");
    }
}
