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
}
