package dev.hushcall.signaling.auth;

import java.util.regex.Pattern;

/** What a user id (a token's {@code sub}) may look like, so it is safe in keys, logs and frames. */
public final class UserIds {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private UserIds() {
    }

    public static boolean isValid(String user) {
        return user != null && USER.matcher(user).matches();
    }
}
