package dev.hushcall.signaling.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a (possibly huge) file holds a string, as Latin-1/UTF-8 bytes or as UTF-16. */
public final class ByteSearch {

    private ByteSearch() {
    }

    public static boolean contains(Path file, String text) throws IOException {
        return containsBytes(file, text.getBytes(StandardCharsets.UTF_8))
                || containsBytes(file, text.getBytes(StandardCharsets.UTF_16LE))
                || containsBytes(file, text.getBytes(StandardCharsets.UTF_16BE));
    }

    private static boolean containsBytes(Path file, byte[] needle) throws IOException {
        byte[] buffer = new byte[1 << 20];
        int carried = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer, carried, buffer.length - carried)) > 0) {
                int filled = carried + read;
                if (indexOf(buffer, filled, needle) >= 0) {
                    return true;
                }
                // Keep the tail, so a match across two reads is still found.
                carried = Math.min(needle.length - 1, filled);
                System.arraycopy(buffer, filled - carried, buffer, 0, carried);
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
