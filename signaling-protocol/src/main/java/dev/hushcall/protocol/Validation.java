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
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            boolean padding = c == '=' && i >= n - 2 && (i == n - 1 || s.charAt(n - 1) == '=');
            if (!alphabet && !padding) {
                return false;
            }
        }
        return true;
    }
}
