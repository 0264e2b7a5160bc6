package dev.hushcall.client;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failure the app can act on, with the protocol's stable {@link ErrorCode}: a REST error body, a socket
 * {@code error} frame, or a local failure mapped to the nearest code ({@code unavailable} when the server
 * cannot be reached or does not answer in time).
 */
public class HushcallException extends RuntimeException {

    private final ErrorCode code;
    private final int httpStatus;
    private final List<Integer> missingDevices;
    private final List<Integer> extraDevices;
    private final Duration retryAfter;

    public HushcallException(ErrorCode code, String message) {
        this(code, message, 0, List.of(), List.of(), null, null);
    }

    public HushcallException(ErrorCode code, String message, Throwable cause) {
        this(code, message, 0, List.of(), List.of(), null, cause);
    }

    public HushcallException(ErrorCode code, String message, int httpStatus) {
        this(code, message, httpStatus, List.of(), List.of(), null, null);
    }

    private HushcallException(ErrorCode code, String message, int httpStatus, List<Integer> missingDevices,
                              List<Integer> extraDevices, Duration retryAfter, Throwable cause) {
        super(code.wireName() + ": " + message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.missingDevices = missingDevices;
        this.extraDevices = extraDevices;
        this.retryAfter = retryAfter;
    }

    /** The server refused a socket frame. */
    public static HushcallException rejected(ServerMessage.Error error) {
        ErrorCode code = error.code() == null ? ErrorCode.INTERNAL : error.code();
        Duration retryAfter = error.retryAfterMs() == null ? null : Duration.ofMillis(error.retryAfterMs());
        return new HushcallException(code, String.valueOf(error.message()), 0, orEmpty(error.missingDevices()),
                orEmpty(error.extraDevices()), retryAfter, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status of a REST failure; 0 for socket and local failures. */
    public int httpStatus() {
        return httpStatus;
    }

    /** With {@code device_mismatch}: devices of the recipient the frame had no payload for. */
    public List<Integer> missingDevices() {
        return missingDevices;
    }

    /** With {@code device_mismatch}: devices the frame had a payload for that the recipient does not have. */
    public List<Integer> extraDevices() {
        return extraDevices;
    }

    /**
     * With {@code rate_limited} or {@code unavailable}: how long the server asked the device to wait before sending
     * the refused frame again (nothing of it was done). Empty when it named no wait.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static List<Integer> orEmpty(List<Integer> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
