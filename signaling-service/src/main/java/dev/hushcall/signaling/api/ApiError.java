package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ErrorCode;

/** The body of every REST error: the same code set as socket {@code error} frames. */
public record ApiError(ErrorCode code, String message) {

    /** 401: no bearer token, or one that does not verify. */
    public static final ApiError UNAUTHORIZED = new ApiError(ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
    /** 400: a body that is not JSON, or not of the shape the endpoint reads. */
    public static final ApiError BAD_JSON = new ApiError(ErrorCode.BAD_JSON,
            "request body is not valid JSON of the expected shape");
    /** 503: the store could not be reached; nothing was done. */
    public static final ApiError UNAVAILABLE = new ApiError(ErrorCode.UNAVAILABLE,
            "the service cannot reach its storage right now; retry shortly");
    /** 500: a fault of the server's own; the cause is logged, never sent. */
    public static final ApiError INTERNAL = new ApiError(ErrorCode.INTERNAL, "the server failed; try again");
    /** 404: nothing is served at this path. */
    public static final ApiError NOT_FOUND = new ApiError(ErrorCode.INVALID_MESSAGE, "no such endpoint");

    /**
     * The body of an error answered by status alone, where no handler of the service made it: Jetty's own answers to
     * malformed or oversized requests, and the servlet container's error dispatch. Said in the service's words, never
     * with what the request held.
     */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> new ApiError(ErrorCode.INVALID_MESSAGE, "the HTTP request is malformed");
            case 401 -> UNAUTHORIZED;
            case 403 -> new ApiError(ErrorCode.FORBIDDEN, "this request is not allowed");
            case 404 -> NOT_FOUND;
            case 405 -> new ApiError(ErrorCode.INVALID_MESSAGE, "this method is not allowed here");
            case 413 -> new ApiError(ErrorCode.REQUEST_TOO_LARGE, "the request body is over the size limit");
            case 414 -> new ApiError(ErrorCode.REQUEST_TOO_LARGE, "the request URI is over the size limit");
            case 415 -> new ApiError(ErrorCode.INVALID_MESSAGE, "send application/json");
            case 431 -> new ApiError(ErrorCode.REQUEST_TOO_LARGE, "the request headers are over the size limit");
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL
                    : new ApiError(ErrorCode.INVALID_MESSAGE, "the request was refused with HTTP " + status);
        };
    }
}
