package dev.hushcall.client.api;

import dev.hushcall.client.HushcallException;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;

/**
 * The REST half of docs/protocol.md. Calls block: run them off the UI thread. Every failure is a
 * {@link HushcallException} carrying the server's error code, or {@code unavailable} when it cannot be reached.
 */
public final class HushcallApi {

    private final URI baseUri;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration requestTimeout;

    public HushcallApi(URI baseUri, Supplier<String> token, HttpClient http, Duration requestTimeout) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Registers a new device of the token's user; returns the device id the server assigned. */
    public int registerDevice(DeviceKeys keys) {
        return send(request("/v1/devices").POST(json(keys)), Registered.class).deviceId();
    }

    /** Replaces the identity key and every prekey of an existing device. */
    public void reRegisterDevice(int deviceId, DeviceKeys keys) {
        send(request("/v1/devices/" + deviceId).PUT(json(keys)), Void.class);
    }

    public void deleteDevice(int deviceId) {
        send(request("/v1/devices/" + deviceId).DELETE(), Void.class);
    }

    /** The calling user's own devices. */
    public List<DeviceInfo> devices() {
        return send(request("/v1/devices").GET(), DeviceList.class).devices();
    }

    public void uploadKeys(int deviceId, KeyUpload keys) {
        send(request("/v1/devices/" + deviceId + "/keys").PUT(json(keys)), Void.class);
    }

    public PreKeyCount preKeyCount(int deviceId) {
        return send(request("/v1/devices/" + deviceId + "/keys/count").GET(), PreKeyCount.class);
    }

    /** One bundle per device of {@code user}; each one-time prekey in it is handed out only this once. */
    public UserBundles bundles(String user) {
        return send(request("/v1/keys/" + pathSegment(user)).GET(), UserBundles.class);
    }

    public SocketTicket socketTicket(int deviceId) {
        return send(request("/v1/ws/ticket").POST(json(new TicketRequest(deviceId))), SocketTicket.class);
    }

    public TurnCredentials turnCredentials() {
        return send(request("/v1/turn/credentials").GET(), TurnCredentials.class);
    }

    /** The WebSocket address for {@code ticket}: ws for http, wss for https. */
    public URI socketUri(String ticket) {
        String scheme = "https".equalsIgnoreCase(baseUri.getScheme()) ? "wss" : "ws";
        String authority = baseUri.getRawAuthority();
        String prefix = basePath();
        return URI.create(scheme + "://" + authority + prefix + "/v1/ws?ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri.getScheme() + "://" + baseUri.getRawAuthority()
                        + basePath() + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", "application/json");
    }

    private String basePath() {
        String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(ProtocolJson.mapper().writeValueAsString(body));
    }

    private <T> T send(HttpRequest.Builder builder, Class<T> type) {
        HttpRequest request = builder.header("Content-Type", "application/json").build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HushcallException(ErrorCode.UNAVAILABLE, request.method() + " " + request.uri().getPath()
                    + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HushcallException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
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

    private static HushcallException failure(HttpResponse<String> response) {
        int status = response.statusCode();
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
