package dev.hushcall.protocol;

import java.util.regex.Pattern;

/** Checks shared by the wire records' constructors. */
final class Validation {

    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
    /** A user id, as the service accepts a token's subject: safe to echo in a sentence, a key or a log line. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

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

    static void requireUser(String user, String field) {
        require(user != null && USER.matcher(user).matches(), ErrorCode.INVALID_MESSAGE,
                field + " is required: a user id of 1 to 128 characters of A-Z a-z 0-9 . _ @ + -");
    }

    /**
     * The protocol's one base64 rule, for every binary field: standard base64 (RFC 4648 section 4, alphabet
     * {@code A-Z a-z 0-9 + /}) with {@code =} padding to a multiple of 4 characters, in its canonical spelling (the
     * bits the padding leaves over are zero), which is what java.util.Base64 and browsers' btoa produce. One spelling
     * per byte string: a filter that compares or hashes bodies sees what the service sees.
     */
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
        if (padding == 0) {
            return true;
        }
        // The last character before the padding carries 4 (one '=' : 2) bits that encode nothing; they must be zero.
        int last = BASE64_VALUES.indexOf(s.charAt(n - padding - 1));
        return (last & (padding == 2 ? 0x0f : 0x03)) == 0;
    }

    private static final String BASE64_VALUES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static final boolean[] BASE64_ALPHABET = new boolean[128];

    static {
        for (char c : BASE64_VALUES.toCharArray()) {
            BASE64_ALPHABET[c] = true;
        }
    }
}
