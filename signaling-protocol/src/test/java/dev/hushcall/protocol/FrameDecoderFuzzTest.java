package dev.hushcall.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzzes the frame decoder with Jazzer, from real frames (the files in {@code FrameDecoderFuzzTestInputs/}). The
 * property: whatever a device sends, {@link ProtocolJson#decodeClient} returns a frame or throws a
 * {@link ProtocolException} with a code and a sentence free of Java class names; nothing else escapes. A frame that
 * decodes encodes back to itself, and the ref read from any text is null or a valid id.
 *
 * <p>{@code mvn verify} runs this on its seeds, then fuzzes it for {@code fuzz.duration} (10 s). Fuzz longer with
 * {@code mvn -pl signaling-protocol test -Dtest=FrameDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfuzz.duration=30m}; an input that breaks the property is written to this module's directory as
 * {@code crash-<sha1>}: move it into the inputs directory, and it runs as a regression test from then on.
 */
class FrameDecoderFuzzTest {

    private static final Pattern VALID_REF = Pattern.compile("[\\x21-\\x7e]{1,64}");

    @FuzzTest(maxDuration = "10s")
    void decodingAFrameEndsInAFrameOrAProtocolError(byte[] data) {
        String frame = new String(data, StandardCharsets.UTF_8);
        String ref = ProtocolJson.refOf(frame, 512);
        assertThat(ref == null || VALID_REF.matcher(ref).matches()).as("ref %s", ref).isTrue();
        ClientMessage decoded;
        try {
            decoded = ProtocolJson.decodeClient(frame);
        } catch (ProtocolException refused) {
            assertThat(refused.code()).isNotNull();
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("dev.hushcall").doesNotContain("$")
                    .doesNotContain("java.").doesNotContainPattern("\\p{Cntrl}");
            return;
        }
        assertThat(ProtocolJson.decodeClient(ProtocolJson.encode(decoded))).isEqualTo(decoded);
    }
}
