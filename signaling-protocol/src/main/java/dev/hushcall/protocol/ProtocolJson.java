package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON encoding of the protocol, shared by the service, the SDK and the load tests.
 * Decoding failures become a {@link ProtocolException} carrying the code the client is told.
 */
public final class ProtocolJson {

    /** Largest text frame accepted, in characters. See docs/protocol.md for the arithmetic. */
    public static final int MAX_FRAME_CHARS = 64 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    // Readers and writers bound to a root type once: building one per frame re-resolves the type every time.
    private static final ObjectWriter CLIENT_WRITER = MAPPER.writerFor(ClientMessage.class);
    private static final ObjectWriter SERVER_WRITER = MAPPER.writerFor(ServerMessage.class);
    private static final ObjectReader CLIENT_READER = MAPPER.readerFor(ClientMessage.class);
    private static final ObjectReader SERVER_READER = MAPPER.readerFor(ServerMessage.class);

    private ProtocolJson() {
    }

    public static String encode(ClientMessage message) {
        return CLIENT_WRITER.writeValueAsString(message);
    }

    public static String encode(ServerMessage message) {
        return SERVER_WRITER.writeValueAsString(message);
    }

    public static ClientMessage decodeClient(String frame) {
        return decode(frame, CLIENT_READER);
    }

    public static ServerMessage decodeServer(String frame) {
        return decode(frame, SERVER_READER);
    }

    /** The wire type id of a frame record, e.g. {@code call.offer}. */
    public static String typeId(Object frame) {
        return TYPE_IDS.computeIfAbsent(frame.getClass(), c -> c.getAnnotation(JsonTypeName.class).value());
    }

    private static final java.util.Map<Class<?>, String> TYPE_IDS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The shared mapper, for REST bodies that travel beside the socket frames. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    private static <T> T decode(String frame, ObjectReader reader) {
        if (frame.length() > MAX_FRAME_CHARS) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame is " + frame.length() + " characters; the limit is " + MAX_FRAME_CHARS);
        }
        try {
            return reader.readValue(frame);
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new ProtocolException(id == null ? ErrorCode.INVALID_MESSAGE : ErrorCode.UNKNOWN_TYPE,
                    id == null ? "type is required" : "unknown frame type '" + printable(id) + "'");
        } catch (DatabindException e) {
            ProtocolException cause = findCause(e);
            if (cause != null) {
                throw cause;
            }
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame does not match its type: "
                    + fieldPath(e));
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON");
        }
    }

    private static ProtocolException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
        }
        return null;
    }

    private static String fieldPath(DatabindException e) {
        String path = e.getPathReference();
        return path == null || path.isBlank() ? "wrong field types" : "check " + printable(path);
    }

    /** Echo client text in errors only in a short, harmless form. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
