package dev.hushcall.protocol;

/** A frame that breaks the protocol, with the stable code the client receives. */
public class ProtocolException extends IllegalArgumentException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
