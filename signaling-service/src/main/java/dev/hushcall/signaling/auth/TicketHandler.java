package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.signaling.api.ApiError;
import dev.hushcall.signaling.api.ApiException;
import dev.hushcall.signaling.api.Unavailable;
import dev.hushcall.signaling.keys.DeviceDirectory;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.ratelimit.Limit;
import dev.hushcall.signaling.ratelimit.RateLimited;
import dev.hushcall.signaling.ratelimit.RateLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * {@code POST /v1/ws/ticket}: trades the bearer token for a single-use socket ticket for one of the caller's devices.
 *
 * <p>Served by a plain Jetty handler in front of the servlet context, like the socket upgrade it prepares: every call
 * set-up makes two of these, and behind Spring Security and Spring MVC each cost several times what the work itself
 * does (docs/benchmarks.md). The handler does what that chain did for this one request: the same bearer-token check
 * (the application's {@link JwtDecoder}), the same {@code {code, message}} errors and statuses, and {@code no-store}
 * on the ticket. It answers only this path; every other request goes on.
 */
final class TicketHandler extends Handler.Wrapper {

    static final String PATH = "/v1/ws/ticket";
    /** A ticket request is {@code {"deviceId": n}}; anything much longer is not one. */
    static final int MAX_BODY_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(TicketHandler.class);
    private static final String BEARER = "bearer ";

    record TicketRequest(Integer deviceId) {
    }

    record TicketResponse(String ticket, long expiresInSeconds) {
        @Override
        public String toString() {
            return "TicketResponse[ticket=****]";
        }
    }

    private final JwtDecoder tokens;
    private final Tickets tickets;
    private final DeviceDirectory devices;
    private final CallMetrics metrics;
    private final RateLimits limits;
    private final Clock clock;

    TicketHandler(JwtDecoder tokens, Tickets tickets, DeviceDirectory devices, CallMetrics metrics, RateLimits limits,
                  Clock clock) {
        this.limits = limits;
        this.tokens = tokens;
        this.tickets = tickets;
        this.devices = devices;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        try {
            TicketResponse issued = issue(request);
            write(response, callback, HttpStatus.OK, ProtocolJson.mapper().writeValueAsString(issued));
        } catch (RateLimited e) {
            log.debug("ticket refused: {}", e.limit());
            metrics.error(e.code());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            write(response, callback, HttpStatus.TOO_MANY_REQUESTS, json(new ApiError(e.code(), e.getMessage())));
        } catch (ApiException e) {
            log.debug("ticket refused: {}", e.code().wireName());
            metrics.error(e.code());
            if (e.status() == HttpStatus.UNAUTHORIZED) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE,
                        SecurityConfiguration.challenge(e == INVALID_TOKEN));
            } else if (e.status() == HttpStatus.METHOD_NOT_ALLOWED) {
                response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.POST.asString());
            } else if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            }
            write(response, callback, e.status(), json(new ApiError(e.code(), e.getMessage())));
        } catch (RuntimeException e) {
            log.error("ticket request failed inside the server", e);
            write(response, callback, HttpStatus.INTERNAL_SERVER_ERROR, json(ApiError.INTERNAL));
        }
        return true;
    }

    private TicketResponse issue(Request request) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, ApiError.forStatus(405));
        }
        Jwt jwt = authenticate(request);
        try {
            limits.take(jwt.getSubject(), RateLimits.Check.of(Limit.TICKETS_PER_USER));
        } catch (Unavailable e) {
            log.warn("ticket refused: {}", e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiError.UNAVAILABLE);
        }
        TicketRequest body = readBody(request);
        if (body.deviceId() == null || body.deviceId() < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, "deviceId is required");
        }
        DeviceAddress device = new DeviceAddress(jwt.getSubject(), body.deviceId());
        try {
            long generation = devices.generation(device).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                    ErrorCode.UNKNOWN_DEVICE,
                    "you have no device " + body.deviceId() + "; register it with POST /v1/devices first"));
            Tickets.Issued issued = tickets.issue(device, generation);
            return new TicketResponse(issued.ticket(),
                    Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
        } catch (Unavailable e) {
            log.warn("ticket refused: {}", e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiError.UNAVAILABLE);
        }
    }

    /** The verified token; an address that failed too often is refused before its token is looked at. */
    private Jwt authenticate(Request request) {
        String address = Request.getRemoteAddr(request);
        limits.refuseIfSpent(Limit.FAILED_AUTH_PER_ADDRESS, address);
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        try {
            if (authorization == null || authorization.length() <= BEARER.length()
                    || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw unauthorized();
            }
            return tokens.decode(authorization.substring(BEARER.length()).trim());
        } catch (JwtException e) {
            limits.spend(Limit.FAILED_AUTH_PER_ADDRESS, address);
            throw INVALID_TOKEN;
        } catch (ApiException e) {
            limits.spend(Limit.FAILED_AUTH_PER_ADDRESS, address);
            throw e;
        }
    }

    /** A bearer token came and did not verify (RFC 6750 {@code invalid_token}); one instance, told apart by identity. */
    private static final ApiException INVALID_TOKEN = new ApiException(HttpStatus.UNAUTHORIZED, ApiError.UNAUTHORIZED);

    private static ApiException unauthorized() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiError.UNAUTHORIZED);
    }

    private static TicketRequest readBody(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !MimeTypes.getBase(type).equalsIgnoreCase(MimeTypes.Type.APPLICATION_JSON.asString())) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.INVALID_MESSAGE,
                    "send application/json");
        }
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading a ticket request", e);
        } catch (ExecutionException e) {
            // Over this endpoint's limit or hushcall.api.max-body-size, or the client went away mid-body.
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE,
                    "a ticket request is {\"deviceId\": n}, at most " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ApiError.BAD_JSON);
        }
        try {
            TicketRequest parsed = ProtocolJson.mapper().readValue(body, TicketRequest.class);
            if (parsed == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, "deviceId is required");
            }
            return parsed;
        } catch (StreamReadException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.BAD_JSON, ProtocolJson.isDuplicate(e)
                    ? "the request body has the same key twice; keys must be unique" : ApiError.BAD_JSON.message());
        } catch (DatabindException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE,
                    "a ticket request is a JSON object whose deviceId is a JSON integer");
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ApiError.BAD_JSON);
        }
    }

    private static String json(ApiError error) {
        return ProtocolJson.mapper().writeValueAsString(error);
    }

    private static void write(Response response, Callback callback, HttpStatus status, String json) {
        response.setStatus(status.value());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        // A ticket opens a socket: no cache, proxy or browser history may keep one.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
