package dev.hushcall.signaling.api;

import dev.hushcall.protocol.ErrorCode;

/** The body of every REST error: the same code set as socket {@code error} frames. */
public record ApiError(ErrorCode code, String message) {
}
