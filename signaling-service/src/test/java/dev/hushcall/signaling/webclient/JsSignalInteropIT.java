package dev.hushcall.signaling.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.api.DeviceBundle;
import dev.hushcall.client.api.DeviceKeys;
import dev.hushcall.client.api.UserBundles;
import dev.hushcall.client.keys.DeviceKeyGenerator;
import dev.hushcall.client.session.Decrypted;
import dev.hushcall.client.session.SessionCrypto;
import dev.hushcall.client.store.InMemoryKeyValueStore;
import dev.hushcall.client.store.SignalStore;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.DevicePayload;
import dev.hushcall.signaling.testing.Sdp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java SDK's libsignal sessions (SessionCrypto over SignalStore, as HushcallClient uses them) against the
 * browser's JavaScript Signal implementation in Node: each side decrypts what the other encrypted, first
 * (PreKeySignalMessage) and later messages, many each way, some out of order, with either side starting.
 */
class JsSignalInteropIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsDevice js;

    @BeforeEach
    void startNode() throws Exception {
        js = new JsDevice();
    }

    @AfterEach
    void stopNode() throws Exception {
        js.close();
    }

    /** One Java device: the SDK's store, key generator and session crypto. */
    private record JavaDevice(String user, SessionCrypto crypto, DeviceKeys keys) {

        static JavaDevice create(String user) {
            SignalStore store = new SignalStore(new InMemoryKeyValueStore());
            DeviceKeys keys = new DeviceKeyGenerator(store, Clock.systemUTC()).newIdentity(2);
            return new JavaDevice(user, new SessionCrypto(store, Clock.systemUTC(), changed -> { }), keys);
        }

        /** Its bundle as GET /v1/keys would hand it out, with one-time EC and Kyber keys. */
        DeviceBundle bundle() {
            return new DeviceBundle(1, keys.registrationId(), keys.identityKey(), keys.signedPreKey(),
                    keys.kyberPreKeys().get(0), keys.preKeys().get(0));
        }
    }

    @Test
    void javaStartsFromAJsBundleAndBothSidesDecryptEverything() throws Exception {
        JavaDevice java = JavaDevice.create("java");
        js.call("create", "device", "web.1");
        DeviceBundle bundle = JSON.treeToValue(js.call("bundle", "device", "web.1").get("bundle"), DeviceBundle.class);
        java.crypto().buildSessions(new UserBundles("web", List.of(bundle)), id -> true);
        DeviceAddress web = new DeviceAddress("web", 1);

        DevicePayload first = java.crypto().encrypt(web, sealed("call.offer", Sdp.audio("java-first")));
        assertThat(first.cipherType()).isEqualTo(DevicePayload.PREKEY_TYPE);
        assertThat(jsDecrypts("web.1", "java.1", first)).isEqualTo(text("call.offer", Sdp.audio("java-first")));

        talk(java, web, "web.1", "java.1");
        assertThat(js.call("safetyNumber", "device", "web.1", "peer", "java.1").get("safetyNumber").asString())
                .isEqualTo(java.crypto().safetyNumber("java", web).orElseThrow());
    }

    @Test
    void jsStartsFromAJavaBundleAndBothSidesDecryptEverything() throws Exception {
        JavaDevice java = JavaDevice.create("java");
        js.call("create", "device", "web.1");
        js.call("startSession", "device", "web.1", "peer", "java.1", "bundle", JSON.valueToTree(java.bundle()));
        DeviceAddress web = new DeviceAddress("web", 1);

        JsonNode first = js.call("encrypt", "device", "web.1", "peer", "java.1",
                "plaintext", text("call.offer", Sdp.audio("js-first")));
        assertThat(first.get("cipherType").asInt()).isEqualTo(DevicePayload.PREKEY_TYPE);
        Decrypted opened = java.crypto().decrypt(web, payload(first)).orElseThrow();
        assertThat(opened.usedOneTimeKeys()).isTrue();
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo(text("call.offer", Sdp.audio("js-first")));

        talk(java, web, "web.1", "java.1");
    }

    /**
     * Twenty alternating rounds, then a burst each way delivered in reverse order: every message of both sides
     * decrypts to what was sealed, whatever the ratchet step.
     */
    private void talk(JavaDevice java, DeviceAddress web, String jsDevice, String javaAddress) throws Exception {
        for (int round = 0; round < 20; round++) {
            String fromJs = text("call.ice", Sdp.candidate("10.0.0." + round, 50_000 + round));
            JsonNode sealedByJs = js.call("encrypt", "device", jsDevice, "peer", javaAddress, "plaintext", fromJs);
            assertThat(new String(java.crypto().decrypt(web, payload(sealedByJs)).orElseThrow().plaintext(),
                    StandardCharsets.UTF_8)).isEqualTo(fromJs);
            String fromJava = text("call.answer", Sdp.audio("java-" + round));
            DevicePayload sealedByJava = java.crypto().encrypt(web, fromJava.getBytes(StandardCharsets.UTF_8));
            assertThat(sealedByJava.cipherType()).isEqualTo(DevicePayload.SIGNAL_TYPE);
            assertThat(jsDecrypts(jsDevice, javaAddress, sealedByJava)).isEqualTo(fromJava);
        }
        List<String> texts = new ArrayList<>();
        List<DevicePayload> fromJava = new ArrayList<>();
        List<JsonNode> fromJs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            texts.add(text("call.ice", Sdp.candidate("192.0.2." + i, 40_000 + i)));
            fromJava.add(java.crypto().encrypt(web, texts.get(i).getBytes(StandardCharsets.UTF_8)));
            fromJs.add(js.call("encrypt", "device", jsDevice, "peer", javaAddress, "plaintext", texts.get(i)));
        }
        for (int i = 7; i >= 0; i--) {
            assertThat(jsDecrypts(jsDevice, javaAddress, fromJava.get(i))).isEqualTo(texts.get(i));
            assertThat(new String(java.crypto().decrypt(web, payload(fromJs.get(i))).orElseThrow().plaintext(),
                    StandardCharsets.UTF_8)).isEqualTo(texts.get(i));
        }
    }

    private String jsDecrypts(String device, String peer, DevicePayload payload) throws Exception {
        return js.call("decrypt", "device", device, "peer", peer, "cipherType", payload.cipherType(),
                "body", payload.body()).get("plaintext").asString();
    }

    private static DevicePayload payload(JsonNode encrypted) {
        return new DevicePayload(1, encrypted.get("cipherType").asInt(), encrypted.get("body").asString());
    }

    /** A plaintext as docs/protocol.md "What a payload seals" has it. */
    private static String text(String type, String body) {
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("v", 1);
        sealed.put("type", type);
        sealed.put("callId", "c-interop-1");
        sealed.put("body", body);
        return JSON.writeValueAsString(sealed);
    }

    private static byte[] sealed(String type, String body) {
        return text(type, body).getBytes(StandardCharsets.UTF_8);
    }
}
