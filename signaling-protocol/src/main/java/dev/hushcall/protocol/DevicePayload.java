package dev.hushcall.protocol;

/**
 * A libsignal ciphertext for exactly one recipient device. The server checks framing and size only;
 * it cannot and does not decrypt {@code body}.
 *
 * @param deviceId   the recipient device the ciphertext was encrypted for
 * @param cipherType libsignal's {@code CiphertextMessage} type: 3 = PreKeySignalMessage (first message
 *                   of a session), 2 = SignalMessage
 * @param body       standard base64 of the serialized ciphertext
 */
public record DevicePayload(int deviceId, int cipherType, String body) {

    public static final int PREKEY_TYPE = 3;
    public static final int SIGNAL_TYPE = 2;

    /**
     * Largest accepted body, in base64 characters. A PQXDH first message carrying 2 KB of SDP is
     * ~3.8 KB of ciphertext (~5.1 KB base64); 12 KiB leaves room for a large SDP with many codecs.
     */
    public static final int MAX_BODY_CHARS = 12 * 1024;

    public DevicePayload {
        Validation.require(deviceId > 0, ErrorCode.INVALID_MESSAGE, "payload deviceId must be positive");
        Validation.require(cipherType == PREKEY_TYPE || cipherType == SIGNAL_TYPE, ErrorCode.BAD_PAYLOAD,
                "payload cipherType must be 2 (signal) or 3 (prekey), was " + cipherType);
        Validation.require(body != null && !body.isEmpty(), ErrorCode.BAD_PAYLOAD, "payload body is required");
        Validation.require(body.length() <= MAX_BODY_CHARS, ErrorCode.BAD_PAYLOAD,
                "payload body is " + body.length() + " characters; the limit is " + MAX_BODY_CHARS);
        Validation.require(Validation.isBase64(body), ErrorCode.BAD_PAYLOAD,
                "payload body for device " + deviceId + " is not valid base64");
    }

    @Override
    public String toString() {
        // Never print ciphertext: logs stay free of payloads even by accident.
        return "DevicePayload[deviceId=" + deviceId + ", cipherType=" + cipherType + ", chars=" + body.length() + "]";
    }
}
