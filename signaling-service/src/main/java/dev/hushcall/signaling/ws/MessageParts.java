package dev.hushcall.signaling.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Joins the data frames of one socket's messages (a text or binary frame, then its continuations) and says what each
 * message was once its last frame is in. Text is decoded as strict UTF-8 here, in one pass over the whole message:
 * frames are JSON with base64 payloads, nearly always ASCII, which the JDK copies without a per-byte decoder. Used by
 * one socket's reading thread only; holds nothing between messages, so an idle socket keeps no buffer.
 */
final class MessageParts {

    /** What a message was, once all of it is in. */
    sealed interface Message {
        /** A text message, decoded. */
        record Text(String text) implements Message {
        }

        /**
         * A text message over the protocol's cap: only its first {@link #HEAD_BYTES} bytes were kept, decoded leniently,
         * so the error can name the frame's id when the id comes early.
         */
        record TooLarge(long bytes, String head) implements Message {
        }

        /** A text message that is not UTF-8, which RFC 6455 says fails the connection. */
        record NotUtf8() implements Message {
        }

        /** A binary message: the protocol has none; its bytes were not kept. */
        record Binary() implements Message {
        }
    }

    /** Bytes of a message over the cap kept to read its id from: ids come first in every client's frames. */
    static final int HEAD_BYTES = 512;

    private final int keptBytes;
    private final long closeAboveBytes;
    /** The op code of the message being received, or {@code -1} between messages. */
    private byte opCode = -1;
    private long bytes;
    /** The text so far of a message in several frames; null otherwise. */
    private byte[] joined;
    /** The first bytes of a text message that went over the cap; null otherwise. */
    private byte[] head;

    /**
     * @param keptBytes       the largest text message kept and decoded (the protocol's cap)
     * @param closeAboveBytes the largest message of any kind the socket may send before it is closed
     */
    MessageParts(int keptBytes, long closeAboveBytes) {
        this.keptBytes = keptBytes;
        this.closeAboveBytes = closeAboveBytes;
    }

    /** Bytes of the message being received, or of the last one until the next begins. */
    long messageBytes() {
        return bytes;
    }

    /** Whether the message being received has grown past the size that closes the socket. */
    boolean overLimit() {
        return bytes > closeAboveBytes;
    }

    /**
     * Takes one data frame (text, binary or continuation; Jetty's parser has already refused a continuation with no
     * message to continue). Returns the message on its last frame, else null.
     */
    Message add(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (frame.getOpCode() != OpCode.CONTINUATION) {
            opCode = frame.getOpCode();
            bytes = 0;
            head = null;
        }
        long before = bytes;
        bytes += length;
        if (bytes > keptBytes) {
            if (opCode == OpCode.TEXT && before <= keptBytes) {
                head = before == 0 || joined == null
                        ? headOf(payload, length)
                        : Arrays.copyOf(joined, (int) Math.min(before, HEAD_BYTES));
            }
            joined = null;
        } else if (opCode == OpCode.TEXT && !(frame.isFin() && before == 0)) {
            joined = joined == null ? new byte[Math.min(keptBytes, Math.max(length * 2, 1024))] : joined;
            if (joined.length < bytes) {
                joined = Arrays.copyOf(joined, (int) Math.min(keptBytes, Math.max(bytes, joined.length * 2L)));
            }
            payload.get(joined, (int) before, length);
        }
        if (!frame.isFin()) {
            return null;
        }
        byte kind = opCode;
        opCode = -1;
        byte[] text = joined;
        joined = null;
        if (kind == OpCode.BINARY) {
            return new Message.Binary();
        }
        if (bytes > keptBytes) {
            String start = head == null ? "" : new String(head, StandardCharsets.UTF_8);
            head = null;
            return new Message.TooLarge(bytes, start);
        }
        if (before == 0) {
            text = new byte[length];
            if (length > 0) {
                payload.get(text);
            }
        }
        return decode(text, (int) bytes);
    }

    private static byte[] headOf(ByteBuffer payload, int length) {
        byte[] start = new byte[Math.min(length, HEAD_BYTES)];
        payload.slice().get(start);
        return start;
    }

    /**
     * Strict UTF-8. The JDK's lenient decode copies ASCII in one intrinsic pass; when every byte became one character
     * and none is the replacement character, every byte was ASCII and the text is exact. Anything else (real non-ASCII
     * text, or bytes that are not UTF-8) is decoded again by a decoder that reports what it cannot decode.
     */
    static Message decode(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.length() == length && text.indexOf('\uFFFD') < 0) {
            return new Message.Text(text);
        }
        try {
            return new Message.Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return new Message.NotUtf8();
        }
    }
}
