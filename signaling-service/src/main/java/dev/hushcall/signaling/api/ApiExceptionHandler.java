package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ProtocolException;
import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.signaling.ratelimit.RateLimited;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidTypeIdException;

/**
 * Turns every failure of a REST call into {@code {code, message}}. Client mistakes are logged at debug
 * without their content; only server faults are logged with a stack trace, and the client then sees
 * a generic sentence.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final CallMetrics metrics;

    ApiExceptionHandler(CallMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        log.debug("REST call refused: {}", e.code().wireName());
        metrics.error(e.code());
        return ResponseEntity.status(e.status()).body(new ApiError(e.code(), e.getMessage()));
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<ApiError> rateLimited(RateLimited e) {
        log.debug("REST call refused: {}", e.limit());
        metrics.error(e.code());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .body(new ApiError(e.code(), e.getMessage()));
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<ApiError> protocol(ProtocolException e) {
        metrics.error(e.code());
        return ResponseEntity.badRequest().body(new ApiError(e.code(), e.getMessage()));
    }

    /** A body that could not be read: too large, not JSON, repeated keys, or a field of the wrong JSON type. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return protocol(p);
            }
            if (t instanceof ApiException a) {
                return api(a);
            }
            if (t instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
                return refused(HttpStatus.PAYLOAD_TOO_LARGE, ApiError.forStatus(http.getCode()));
            }
            if (t instanceof DatabindException mismatch && !(t instanceof InvalidTypeIdException)) {
                return refused(HttpStatus.BAD_REQUEST, new ApiError(ErrorCode.INVALID_MESSAGE,
                        ProtocolJson.fieldPath(mismatch)
                                + " does not have the JSON type this endpoint reads (no coercion: 3 is not \"3\" nor 3.0)"));
            }
            if (t instanceof InputCoercionException outOfRange) {
                return refused(HttpStatus.BAD_REQUEST, outOfRange(outOfRange));
            }
            if (t instanceof StreamReadException broken) {
                return refused(HttpStatus.BAD_REQUEST, ProtocolJson.isDuplicate(broken) ? DUPLICATE_KEY : ApiError.BAD_JSON);
            }
        }
        return refused(HttpStatus.BAD_REQUEST, ApiError.BAD_JSON);
    }

    /**
     * A JSON integer too large for its field (2^31 where an int is read): a key id is an invalid key, as one inside the
     * integer range but past libsignal's is; any other number is an invalid message. The field name is the endpoint's
     * own (only a field the body record has is read as a number), so it may be named.
     */
    private static ApiError outOfRange(InputCoercionException e) {
        JsonParser parser = e.processor();
        String field = parser == null ? null : parser.currentName();
        return "keyId".equals(field)
                ? new ApiError(ErrorCode.INVALID_KEY, "a keyId is " + KEY_ID_RANGE)
                : new ApiError(ErrorCode.INVALID_MESSAGE, "a number in the request body is out of range");
    }

    private static final ApiError DUPLICATE_KEY = new ApiError(ErrorCode.BAD_JSON,
            "an object in the request body has the same key twice; keys must be unique");
    /**
     * The range of libsignal's medium ids, which keys.KeyValidator checks once a body is read (the feature's package is
     * not imported here); KeysWebTest fails when the two differ.
     */
    private static final String KEY_ID_RANGE = "0 to 16777215";

    private ResponseEntity<ApiError> refused(HttpStatus status, ApiError error) {
        log.debug("REST call refused: {}", error.code().wireName());
        metrics.error(error.code());
        return ResponseEntity.status(status).body(error);
    }

    @ExceptionHandler({MethodArgumentNotValidException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ApiError> invalid(Exception e) {
        return ResponseEntity.badRequest()
                .body(new ApiError(ErrorCode.INVALID_MESSAGE, "request has a missing or malformed field"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .body(ApiError.forStatus(HttpStatus.METHOD_NOT_ALLOWED.value()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new ApiError(ErrorCode.INVALID_MESSAGE, "send application/json"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.NOT_FOUND);
    }

    @ExceptionHandler(Unavailable.class)
    ResponseEntity<ApiError> unavailable(Unavailable e) {
        log.warn("REST call refused: {}", e.getMessage());
        metrics.error(ErrorCode.UNAVAILABLE);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(ApiError.UNAVAILABLE);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        // Jetty refusing the request as it is read, e.g. a chunked body passing hushcall.api.max-body-size: 413.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return refused(HttpStatus.valueOf(http.getCode()), ApiError.forStatus(http.getCode()));
            }
        }
        log.error("REST call failed inside the server", e);
        return ResponseEntity.internalServerError()
                .body(ApiError.INTERNAL);
    }
}
