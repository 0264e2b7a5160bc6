package dev.hushcall.protocol;

import java.util.regex.Pattern;

/** Checks shared by the wire records' constructors. */
final class Validation {

    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private Validation() {
    }

    static void require(boolean condition, ErrorCode code, String message) {
        if (!condition) {
            throw new ProtocolException(code, message);
        }
    }

    static void requireMessageId(String id) {
        require(id != null && MESSAGE_ID.matcher(id).matches(), ErrorCode.INVALID_MESSAGE,
                "id is required: 1 to 64 printable ASCII characters");
    }

    static void requireCallId(String callId) {
        require(callId != null && CALL_ID.matcher(callId).matches(), ErrorCode.INVALID_MESSAGE,
                "callId is required: 8 to 64 characters of A-Z, a-z, 0-9, '-' or '_'");
    }

    /** Standard base64 with padding, as java.util.Base64 and browsers' btoa produce. */
    static boolean isBase64(String s) {
        int n = s.length();
        if (n % 4 != 0) {
            return false;
        }
        // Every payload of every frame passes here (~9 KB of base64 per call set-up): one table lookup per character.
        int padding = n > 0 && s.charAt(n - 1) == '=' ? (n > 1 && s.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0, end = n - padding; i < end; i++) {
            char c = s.charAt(i);
            if (c >= BASE64_ALPHABET.length || !BASE64_ALPHABET[c]) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] BASE64_ALPHABET = new boolean[128];

    static {
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray()) {
            BASE64_ALPHABET[c] = true;
        }
    }
}
