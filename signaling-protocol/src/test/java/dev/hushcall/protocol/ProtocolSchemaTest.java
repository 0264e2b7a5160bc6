package dev.hushcall.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docs/protocol.schema.json, the machine-readable description of the socket frames that third parties validate their
 * frames with, checked against the records it describes: a frame type, field, error code, end reason or limit that
 * changes in the records and not in the schema (or the other way round) fails here. Every frame the protocol's own
 * encoder writes is valid against it, and frames the decoder refuses are invalid against it too.
 */
class ProtocolSchemaTest {

    /** Beside docs/protocol.md; tests run in the module's directory. */
    static final Path SCHEMA_FILE = Path.of("..", "docs", "protocol.schema.json");

    private static final JsonNode SCHEMA = read();
    private static final JsonNode DEFS = SCHEMA.path("$defs");
    private static final String BODY = Base64.getEncoder().encodeToString("sealed bytes".getBytes(StandardCharsets.UTF_8));
    private static final DevicePayload PAYLOAD = new DevicePayload(1, DevicePayload.PREKEY_TYPE, BODY);
    private static final DeviceAddress ALICE = new DeviceAddress("alice", 1);

    private static JsonNode read() {
        try {
            return ProtocolJson.mapper().readTree(Files.readString(SCHEMA_FILE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_FILE.toAbsolutePath(), e);
        }
    }

    /** One of each frame a device sends, and every optional shape (ack by ref and by refs, with and without region). */
    static List<ClientMessage> clientSamples() {
        List<DevicePayload> payloads = List.of(PAYLOAD, new DevicePayload(2, DevicePayload.SIGNAL_TYPE, BODY));
        return List.of(
                new ClientMessage.Offer("m-1", "c-7f3a9b2e", "bob", payloads),
                new ClientMessage.Answer("m-2", "c-7f3a9b2e", List.of(PAYLOAD)),
                new ClientMessage.Ice("m-3", "c-7f3a9b2e", List.of(PAYLOAD)),
                new ClientMessage.Renegotiate("m-4", "c-7f3a9b2e", List.of(PAYLOAD)),
                new ClientMessage.Hangup("m-5", "c-7f3a9b2e"),
                new ClientMessage.Busy("m-6", "c-7f3a9b2e"),
                new ClientMessage.Decline("m-7", "c-7f3a9b2e"),
                new ClientMessage.Ack("5b0e0c1d-0000-4000-8000-000000000001"),
                new ClientMessage.Ack(null, List.of("s-1", "s-2")),
                new ClientMessage.Ping("m-8"),
                new ClientMessage.TurnRequest("t-1", "eu"),
                new ClientMessage.TurnRequest("t-2", null));
    }

    /** One of each frame the service sends, and every optional shape of error and call.ended. */
    static List<ServerMessage> serverSamples() {
        return List.of(
                new ServerMessage.Ack("m-1"),
                ServerMessage.Error.of(ErrorCode.BAD_JSON, "frame is not valid JSON", null),
                ServerMessage.Error.of(ErrorCode.UNKNOWN_CALL, "no such call", "m-2"),
                new ServerMessage.Error(ErrorCode.DEVICE_MISMATCH, "bob has devices [1, 3]; you sent [1, 2]", "m-3",
                        List.of(3), List.of(2)),
                ServerMessage.Error.retryLater(ErrorCode.RATE_LIMITED, "try again in 3 s", "m-4", 3000),
                new ServerMessage.Offer("s-1", "c-7f3a9b2e", ALICE, PAYLOAD),
                new ServerMessage.Answer("s-2", "c-7f3a9b2e", ALICE, PAYLOAD),
                new ServerMessage.Ice("s-3", "c-7f3a9b2e", ALICE, PAYLOAD),
                new ServerMessage.Renegotiate("s-4", "c-7f3a9b2e", ALICE, PAYLOAD),
                new ServerMessage.Ended("s-5", "c-7f3a9b2e", EndReason.ANSWERED_ELSEWHERE, new DeviceAddress("bob", 2)),
                new ServerMessage.Ended("s-6", "c-7f3a9b2e", EndReason.TIMEOUT, null),
                new ServerMessage.TurnCredentials("t-1", "1767225600:Zm9vYmFy", "cGFzcw==", 21600,
                        List.of("turn:turn.example.org:3478?transport=udp")));
    }

    @Test
    void theSchemaNamesEveryFrameTypeOfTheRecordsAndNoOther() {
        assertThat(schemaFrames("clientFrame").keySet()).containsExactlyInAnyOrderElementsOf(typeIds(ClientMessage.class).keySet());
        assertThat(schemaFrames("serverFrame").keySet()).containsExactlyInAnyOrderElementsOf(typeIds(ServerMessage.class).keySet());
    }

    @Test
    void everyFrameInTheSchemaHasExactlyTheFieldsOfItsRecord() {
        for (Class<?> root : List.of(ClientMessage.class, ServerMessage.class)) {
            Map<String, JsonNode> frames = schemaFrames(root == ClientMessage.class ? "clientFrame" : "serverFrame");
            typeIds(root).forEach((type, record) -> {
                assertThat(frames).as("the schema's " + root.getSimpleName() + " frames").containsKey(type);
                Set<String> fields = new LinkedHashSet<>(List.of("type"));
                fields.addAll(componentNames(record));
                assertThat(propertyNames(frames.get(type))).as(root.getSimpleName() + " " + type)
                        .containsExactlyInAnyOrderElementsOf(fields);
            });
        }
        assertThat(propertyNames(DEFS.path("devicePayload"))).containsExactlyInAnyOrderElementsOf(
                componentNames(DevicePayload.class));
        assertThat(propertyNames(DEFS.path("deviceAddress"))).containsExactlyInAnyOrderElementsOf(
                componentNames(DeviceAddress.class));
    }

    @Test
    void errorCodesAndEndReasonsAreTheEnumsWireNamesInOrder() {
        assertThat(strings(DEFS.path("errorCode").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).toList());
        assertThat(strings(DEFS.path("endReason").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(EndReason.values()).map(EndReason::wireName).toList());
    }

    @Test
    void theSchemasLimitsAreTheRecordsLimits() {
        JsonNode limits = SCHEMA.path("x-limits");
        assertThat(limits.path("maxFrameBytes").asInt()).isEqualTo(ProtocolJson.MAX_FRAME_CHARS);
        assertThat(limits.path("maxPayloads").asInt()).isEqualTo(ClientMessage.MAX_PAYLOADS)
                .isEqualTo(DEFS.path("payloads").path("maxItems").asInt());
        assertThat(limits.path("maxAckRefs").asInt()).isEqualTo(ClientMessage.MAX_ACK_REFS)
                .isEqualTo(DEFS.path("clientAck").path("properties").path("refs").path("maxItems").asInt());
        assertThat(limits.path("maxBodyChars").asInt()).isEqualTo(DevicePayload.MAX_BODY_CHARS)
                .isEqualTo(DEFS.path("devicePayload").path("properties").path("body").path("maxLength").asInt());
        assertThat(DEFS.path("devicePayload").path("properties").path("cipherType").path("enum").values())
                .extracting(JsonNode::asInt)
                .containsExactlyInAnyOrder(DevicePayload.PREKEY_TYPE, DevicePayload.SIGNAL_TYPE);
    }

    @Test
    void everyFrameTheEncoderWritesIsValidAgainstTheSchema() {
        assertThat(clientSamples()).extracting(Object::getClass).map(Class.class::cast)
                .as("a sample of every client frame").containsAll(typeIds(ClientMessage.class).values());
        assertThat(serverSamples()).extracting(Object::getClass).map(Class.class::cast)
                .as("a sample of every server frame").containsAll(typeIds(ServerMessage.class).values());
        Schema client = schemaOf("clientFrame");
        Schema server = schemaOf("serverFrame");
        Schema any = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA);
        for (ClientMessage frame : clientSamples()) {
            String json = ProtocolJson.encode(frame);
            assertThat(client.validate(json, InputFormat.JSON)).as(json).isEmpty();
            assertThat(any.validate(json, InputFormat.JSON)).as(json).isEmpty();
        }
        for (ServerMessage frame : serverSamples()) {
            String json = ProtocolJson.encode(frame);
            assertThat(server.validate(json, InputFormat.JSON)).as(json).isEmpty();
            assertThat(any.validate(json, InputFormat.JSON)).as(json).isEmpty();
        }
    }

    @Test
    void framesTheDecoderRefusesAreInvalidAgainstTheSchema() {
        String payload = "{\"deviceId\":1,\"cipherType\":3,\"body\":\"" + BODY + "\"}";
        List<String> refused = new ArrayList<>(List.of(
                "{\"type\":\"call.teleport\",\"id\":\"m-1\"}",
                "{\"type\":\"ping\",\"id\":\"has space\"}",
                "{\"type\":\"ping\",\"id\":5}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"call.hangup\",\"id\":\"m-1\",\"callId\":\"short\"}",
                "{\"type\":\"call.offer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"to\":\"bob smith\",\"payloads\":["
                        + payload + "]}",
                "{\"type\":\"call.answer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":[]}",
                "{\"type\":\"call.answer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":["
                        + payload.replace("\"cipherType\":3", "\"cipherType\":4") + "]}",
                "{\"type\":\"call.answer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":["
                        + payload.replace("\"deviceId\":1", "\"deviceId\":\"1\"") + "]}",
                "{\"type\":\"call.answer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":["
                        + payload.replace(BODY, "not base64!") + "]}",
                "{\"type\":\"call.answer\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":["
                        + payload.replace(BODY, "QUJD".repeat(DevicePayload.MAX_BODY_CHARS / 4 + 1)) + "]}",
                "{\"type\":\"call.ice\",\"id\":\"m-1\",\"callId\":\"c-7f3a9b2e\",\"payloads\":["
                        + Stream.generate(() -> payload).limit(ClientMessage.MAX_PAYLOADS + 1)
                        .collect(Collectors.joining(",")) + "]}",
                "{\"type\":\"ack\"}",
                "{\"type\":\"ack\",\"ref\":\"s-1\",\"refs\":[\"s-2\"]}",
                "{\"type\":\"ack\",\"refs\":[]}",
                "{\"type\":\"turn.request\",\"id\":\"t-1\",\"region\":\"" + "r".repeat(65) + "\"}"));
        Schema client = schemaOf("clientFrame");
        for (String frame : refused) {
            String shown = frame.length() > 120 ? frame.substring(0, 120) + "…" : frame;
            assertThatThrownBy(() -> ProtocolJson.decodeClient(frame)).as(shown).isInstanceOf(ProtocolException.class);
            assertThat(client.validate(frame, InputFormat.JSON)).as(shown).isNotEmpty();
        }
    }

    @Test
    void aFieldTheSchemaRequiresIsOneTheDecoderCannotDoWithout() {
        Schema client = schemaOf("clientFrame");
        Map<String, JsonNode> frames = schemaFrames("clientFrame");
        for (ClientMessage sample : clientSamples()) {
            ObjectNode json = (ObjectNode) ProtocolJson.mapper().readTree(ProtocolJson.encode(sample));
            assertThat(frames).containsKey(json.path("type").asString());
            JsonNode definition = frames.get(json.path("type").asString());
            Set<String> required = Set.copyOf(strings(definition.path("required")));
            for (String field : propertyNames(definition)) {
                if (field.equals("type") || !json.has(field) || definition.has("oneOf")) {
                    continue;
                }
                ObjectNode without = (ObjectNode) json.deepCopy();
                without.remove(field);
                String text = without.toString();
                boolean decodes = decodes(text);
                assertThat(decodes).as("%s without %s", json.path("type").asString(), field)
                        .isEqualTo(!required.contains(field));
                assertThat(client.validate(text, InputFormat.JSON).isEmpty()).as(text).isEqualTo(decodes);
            }
        }
    }

    private static boolean decodes(String frame) {
        try {
            ProtocolJson.decodeClient(frame);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    /** The schema with {@code #/$defs/<name>} as its root, the way a third party validates one direction's frames. */
    private static Schema schemaOf(String definition) {
        ObjectNode rooted = (ObjectNode) SCHEMA.deepCopy();
        rooted.remove("anyOf");
        rooted.put("$ref", "#/$defs/" + definition);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(rooted);
    }

    /** The frame definitions a direction's {@code oneOf} lists, by the {@code type} each one fixes. */
    private static Map<String, JsonNode> schemaFrames(String direction) {
        Map<String, JsonNode> frames = new LinkedHashMap<>();
        for (JsonNode ref : DEFS.path(direction).path("oneOf").values()) {
            String name = ref.path("$ref").asString().substring("#/$defs/".length());
            JsonNode definition = DEFS.path(name);
            assertThat(definition.isObject()).as(name).isTrue();
            frames.put(definition.path("properties").path("type").path("const").asString(), definition);
        }
        return frames;
    }

    /** The frame records of a sealed root, by the type id Jackson writes for each. */
    static Map<String, Class<?>> typeIds(Class<?> root) {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (JsonSubTypes.Type type : root.getAnnotation(JsonSubTypes.class).value()) {
            types.put(type.value().getAnnotation(JsonTypeName.class).value(), type.value());
        }
        return types;
    }

    private static List<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> propertyNames(JsonNode definition) {
        return new ArrayList<>(definition.path("properties").propertyNames());
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }
}
