package dev.hushcall.signaling.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured secret. Records print every field, so secrets live in this type, whose
 * {@code toString()} never shows the value.
 */
public record Secret(String value) {

    public Secret {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret may not be empty");
        }
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes(), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
