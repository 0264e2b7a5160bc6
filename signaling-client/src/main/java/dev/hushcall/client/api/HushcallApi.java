package dev.hushcall.client.api;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;

/**
 * The REST half of docs/protocol.md. Calls block: run them off the UI thread. Every failure is a
 * {@link HushcallException} carrying the server's error code, or {@code unavailable} when it cannot be reached.
 * The bytes travel through an {@link HttpTransport}: {@code java.net.http} unless the app plugs in its own.
 */
public final class HushcallApi {

    private final Endpoints endpoints;
    private final Supplier<String> token;
    private final HttpTransport http;

    public HushcallApi(Endpoints endpoints, Supplier<String> token, HttpTransport http) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
    }

    public HushcallApi(URI baseUri, Supplier<String> token, HttpTransport http) {
        this(Endpoints.of(Objects.requireNonNull(baseUri, "baseUri")), token, http);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** REST on {@code java.net.http}. */
    public HushcallApi(URI baseUri, Supplier<String> token, HttpClient http, Duration requestTimeout) {
        this(baseUri, token, new JdkHttpTransport(http, requestTimeout));
    }

    /** Registers a new device of the token's user; returns the device id the server assigned. */
    public int registerDevice(DeviceKeys keys) {
        return send("POST", "/v1/devices", keys, Registered.class).deviceId();
    }

    /** Replaces the identity key and every prekey of an existing device. */
    public void reRegisterDevice(int deviceId, DeviceKeys keys) {
        send("PUT", "/v1/devices/" + deviceId, keys, Void.class);
    }

    public void deleteDevice(int deviceId) {
        send("DELETE", "/v1/devices/" + deviceId, null, Void.class);
    }

    /** The calling user's own devices. */
    public List<DeviceInfo> devices() {
        return send("GET", "/v1/devices", null, DeviceList.class).devices();
    }

    public void uploadKeys(int deviceId, KeyUpload keys) {
        send("PUT", "/v1/devices/" + deviceId + "/keys", keys, Void.class);
    }

    public PreKeyCount preKeyCount(int deviceId) {
        return send("GET", "/v1/devices/" + deviceId + "/keys/count", null, PreKeyCount.class);
    }

    /** One bundle per device of {@code user}; each one-time prekey in it is handed out only this once. */
    public UserBundles bundles(String user) {
        return send("GET", "/v1/keys/" + pathSegment(user), null, UserBundles.class);
    }

    /**
     * The bundle of one device of {@code user} alone ({@code devices} holds just it), spending only that device's
     * one-time prekeys: what repairs a session after {@code device_mismatch}. {@code unknown_device} when the user
     * has no such device.
     */
    public UserBundles bundle(String user, int deviceId) {
        return send("GET", "/v1/keys/" + pathSegment(user) + "/" + deviceId, null, UserBundles.class);
    }

    public SocketTicket socketTicket(int deviceId) {
        return send("POST", "/v1/ws/ticket", new TicketRequest(deviceId), SocketTicket.class);
    }

    public TurnCredentials turnCredentials() {
        return send("GET", "/v1/turn/credentials", null, TurnCredentials.class);
    }

    /** The WebSocket address for {@code ticket}: ws for http, wss for https. */
    public URI socketUri(String ticket) {
        URI baseUri = endpoints.current();
        String scheme = "https".equalsIgnoreCase(baseUri.getScheme()) ? "wss" : "ws";
        String authority = baseUri.getRawAuthority();
        String prefix = basePath(baseUri);
        return URI.create(scheme + "://" + authority + prefix + "/v1/ws?ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    private static String basePath(URI baseUri) {
        String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** One REST call; {@code body} is serialized to JSON, or absent when null. */
    private <T> T send(String method, String path, Object body, Class<T> type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.get());
        headers.put("Accept", "application/json");
        String json = null;
        if (body != null) {
            headers.put("Content-Type", "application/json");
            json = ProtocolJson.mapper().writeValueAsString(body);
        }
        HttpTransport.Response response = execute(method, path, headers, json, endpoints.size());
        if (response.status() / 100 != 2) {
            throw failure(response);
        }
        if (type == Void.class || response.body().isEmpty()) {
            return null;
        }
        try {
            return ProtocolJson.mapper().readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new HushcallException(ErrorCode.INTERNAL, "unreadable " + type.getSimpleName() + " from server", e);
        }
    }

    /**
     * Sends to the current endpoint; a request that could not even connect (so was never sent) moves on to
     * the next endpoint, at most once per endpoint.
     */
    private HttpTransport.Response execute(String method, String path, Map<String, String> headers, String json,
                                           int attemptsLeft) {
        URI baseUri = endpoints.current();
        URI uri = URI.create(baseUri.getScheme() + "://" + baseUri.getRawAuthority() + basePath(baseUri) + path);
        try {
            return http.execute(new HttpTransport.Request(method, uri, headers, json));
        } catch (ConnectException e) {
            endpoints.failed(baseUri);
            if (attemptsLeft > 1) {
                return execute(method, path, headers, json, attemptsLeft - 1);
            }
            throw new HushcallException(ErrorCode.UNAVAILABLE, method + " " + path + " failed: cannot connect", e);
        } catch (IOException e) {
            throw new HushcallException(ErrorCode.UNAVAILABLE, method + " " + path + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static HushcallException failure(HttpTransport.Response response) {
        int status = response.status();
        try {
            ApiErrorBody body = ProtocolJson.mapper().readValue(response.body(), ApiErrorBody.class);
            if (body != null && body.code() != null) {
                return new HushcallException(ErrorCode.fromWire(body.code()), body.message(), status);
            }
        } catch (JacksonException ignored) {
            // Not our error body (a proxy's HTML page, say): fall back to the status.
        }
        return new HushcallException(codeForStatus(status), "HTTP " + status, status);
    }

    private static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_MESSAGE;
        };
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
