package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/** A client-caused failure of a REST call: answered with its status and {@code {code, message}}. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final HttpStatus status;

    public ApiException(HttpStatus status, ErrorCode code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public ApiException(HttpStatus status, ApiError error) {
        this(status, error.code(), error.message());
    }

    public ErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }
}
