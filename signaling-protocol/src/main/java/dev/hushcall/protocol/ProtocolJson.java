package dev.hushcall.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON encoding of the protocol, shared by the service, the SDK and the load tests.
 * Decoding failures become a {@link ProtocolException} carrying the code the client is told.
 *
 * <p>Parsing is strict (docs/protocol.md, "Framing"), so that a proxy that filters frames reads the same frame the
 * service acts on: a frame is one JSON object and nothing after it, no key appears twice in an object, and a field
 * has exactly its JSON type, with no coercion ({@code "3"}, {@code 3.0} or {@code true} are not the integer 3, and
 * {@code 5} is not the string id "5"). The service applies the same rules to REST bodies ({@link #strict}).
 */
public final class ProtocolJson {

    /** Largest text frame accepted, in characters. See docs/protocol.md for the arithmetic. */
    public static final int MAX_FRAME_CHARS = 64 * 1024;

    private static final JsonMapper MAPPER = strict(JsonMapper.builder()).build();
    /** Reads only the id of a frame that failed to decode: no duplicate detection, so it can say the id is unclear. */
    private static final JsonFactory LENIENT = JsonFactory.builder().build();
    /** What an id must look like to be echoed as {@code ref}; the same rule as {@link Validation#requireMessageId}. */
    private static final Pattern REF = Pattern.compile("[\\x21-\\x7e]{1,64}");
    /** Field names echoed in error sentences: the protocol's own names only, never what a client made up. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z]{1,32}");
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

    /**
     * The protocol's parsing rules, applied to a mapper under construction: this module's mapper, and the service's
     * REST mapper, so frames and REST bodies are read alike. Unknown fields are ignored (a newer client may send
     * more); everything else that is not exactly what the record says is refused.
     */
    public static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Integer, c -> refuse(c, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, c -> refuse(c, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, c -> refuse(c, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.Integer))
                .withCoercionConfig(LogicalType.Textual, c -> refuse(c, CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.POJO, c -> refuse(c, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.EmptyArray, CoercionInputShape.Integer))
                .withCoercionConfig(LogicalType.Collection, c -> refuse(c, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.EmptyObject));
    }

    private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * The id of a frame, read leniently so a frame that failed to decode still gets an error naming it: the
     * top-level {@code id} of a JSON object, when it is a string that is a valid id and appears once before the frame
     * ends or breaks off. Null otherwise: an id that is missing, not a string, not a valid id (it is never echoed)
     * or given twice. Reads at most {@code limit} characters, so the head of a frame too large to decode serves.
     */
    public static String refOf(String frame, int limit) {
        String head = frame.length() > limit ? frame.substring(0, limit) : frame;
        String id = null;
        int ids = 0;
        try (JsonParser parser = LENIENT.createParser(head)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                boolean isId = "id".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isId) {
                    ids++;
                    id = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException broken) {
            // Read as far as it goes: the id seen before the break still names the frame.
        }
        return ids == 1 && id != null && REF.matcher(id).matches() ? id : null;
    }

    private static <T> T decode(String frame, ObjectReader reader) {
        if (frame.length() > MAX_FRAME_CHARS) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame is " + frame.length() + " characters; the limit is " + MAX_FRAME_CHARS);
        }
        // Jackson would also read a type id in an array, ["call.hangup", {...}]: a frame is an object, nothing else.
        if (!startsAnObject(frame)) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a frame is a JSON object");
        }
        try {
            return reader.readValue(frame);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(e.getTypeId() == null ? ErrorCode.INVALID_MESSAGE : ErrorCode.UNKNOWN_TYPE,
                    e.getTypeId() == null ? "type is required: a string naming a frame type"
                            : "type names no frame type of this protocol version");
        } catch (DatabindException e) {
            ProtocolException cause = findCause(e);
            if (cause != null) {
                throw cause;
            }
            if (isTrailing(e)) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "frame has more after its JSON object");
            }
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, fieldPath(e)
                    + " does not have the type the protocol gives it (no coercion: 3 is not \"3\" nor 3.0)");
        } catch (InputCoercionException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a number in the frame is out of range");
        } catch (StreamReadException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, isDuplicate(e)
                    ? "an object in the frame has the same key twice; keys must be unique"
                    : "frame is not valid JSON");
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON");
        }
    }

    private static boolean startsAnObject(String frame) {
        for (int i = 0, n = frame.length(); i < n; i++) {
            char c = frame.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == '{';
            }
        }
        return false;
    }

    /** Jackson reports text after the value as a mismatch; its sentence is the only sign of which one it was. */
    static boolean isTrailing(DatabindException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Trailing token");
    }

    /** Jackson reports a repeated key as a read failure; its sentence is the only sign of which failure it was. */
    public static boolean isDuplicate(StreamReadException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate Object property");
    }

    private static ProtocolException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
        }
        return null;
    }

    /**
     * Where in the frame the mismatch is, as {@code payloads[0].deviceId}: field names of the protocol and indexes
     * only, never a Java class (Jackson's own path names the record classes).
     */
    public static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            String name = reference.getPropertyName();
            if (name != null) {
                path.append(path.isEmpty() ? "" : ".").append(FIELD_NAME.matcher(name).matches() ? name : "?");
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "a field" : path.toString();
    }
}
