package dev.hushcall.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.ws.MessageParts.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;

/** How a socket's frames become messages: joined, decoded as strict UTF-8, and refused by size or kind. */
class MessagePartsTest {

    private final MessageParts parts = new MessageParts(16, 40);

    private static Frame frame(byte opCode, boolean fin, byte[] payload) {
        return new Frame(opCode, fin, ByteBuffer.wrap(payload));
    }

    private static Frame text(byte opCode, boolean fin, String payload) {
        return frame(opCode, fin, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTextMessageInOneFrameIsItsText() {
        assertThat(parts.add(text(OpCode.TEXT, true, "{\"id\":\"a\"}"))).isEqualTo(new Message.Text("{\"id\":\"a\"}"));
    }

    @Test
    void aTextMessageInSeveralFramesIsJoinedOnItsLastFrame() {
        assertThat(parts.add(text(OpCode.TEXT, false, "{\"id\""))).isNull();
        assertThat(parts.add(text(OpCode.CONTINUATION, false, ""))).isNull();
        assertThat(parts.add(text(OpCode.CONTINUATION, true, ":\"b\"}"))).isEqualTo(new Message.Text("{\"id\":\"b\"}"));
    }

    @Test
    void textOutsideAsciiIsDecodedEvenWhenAFrameEndsInsideACharacter() {
        byte[] bytes = "é→😀".getBytes(StandardCharsets.UTF_8);

        assertThat(parts.add(frame(OpCode.TEXT, false, Arrays.copyOfRange(bytes, 0, 1)))).isNull();
        assertThat(parts.add(frame(OpCode.CONTINUATION, true, Arrays.copyOfRange(bytes, 1, bytes.length))))
                .isEqualTo(new Message.Text("é→😀"));
    }

    @Test
    void aReplacementCharacterSentAsTextIsKept() {
        assertThat(parts.add(text(OpCode.TEXT, true, "a\uFFFDb"))).isEqualTo(new Message.Text("a\uFFFDb"));
    }

    @Test
    void bytesThatAreNotUtf8AreNotText() {
        assertThat(parts.add(frame(OpCode.TEXT, true, new byte[] {'a', (byte) 0xC3}))).isEqualTo(new Message.NotUtf8());
        assertThat(parts.add(frame(OpCode.TEXT, true, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})))
                .as("an encoded surrogate").isEqualTo(new Message.NotUtf8());
    }

    @Test
    void aTextMessageOverTheCapIsTooLargeAndOnlyItsHeadIsKept() {
        assertThat(parts.add(text(OpCode.TEXT, false, "0123456789"))).isNull();
        assertThat(parts.add(text(OpCode.CONTINUATION, true, "0123456789")))
                .isEqualTo(new Message.TooLarge(20, "0123456789"));
        assertThat(parts.overLimit()).isFalse();

        assertThat(parts.add(text(OpCode.TEXT, true, "x".repeat(17)))).isEqualTo(new Message.TooLarge(17, "x".repeat(17)));
    }

    @Test
    void theHeadOfAMessageOverTheCapIsItsFirstBytesOnly() {
        MessageParts large = new MessageParts(600, 10_000);
        String frame = "{\"id\":\"m-1\"," + "x".repeat(2000);
        Message message = large.add(text(OpCode.TEXT, true, frame));
        assertThat(message).isEqualTo(new Message.TooLarge(frame.length(), frame.substring(0, MessageParts.HEAD_BYTES)));
    }

    @Test
    void aMessageGrowingPastTheCloseLimitIsSaidToBeOverIt() {
        assertThat(parts.add(text(OpCode.TEXT, false, "x".repeat(30)))).isNull();
        assertThat(parts.overLimit()).isFalse();

        parts.add(text(OpCode.CONTINUATION, false, "x".repeat(11)));

        assertThat(parts.overLimit()).isTrue();
    }

    @Test
    void aBinaryMessageIsBinaryWhateverItsSize() {
        assertThat(parts.add(frame(OpCode.BINARY, false, new byte[30]))).isNull();
        assertThat(parts.add(frame(OpCode.CONTINUATION, true, new byte[5]))).isEqualTo(new Message.Binary());
    }

    @Test
    void theMessageAfterARefusedOneStartsAfresh() {
        parts.add(text(OpCode.TEXT, true, "x".repeat(17)));
        parts.add(frame(OpCode.BINARY, true, new byte[3]));

        assertThat(parts.add(text(OpCode.TEXT, true, "{}"))).isEqualTo(new Message.Text("{}"));
        assertThat(parts.overLimit()).isFalse();
    }
}
