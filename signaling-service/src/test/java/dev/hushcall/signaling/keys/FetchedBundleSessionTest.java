package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hushcall.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The proof that the directory hands out usable keys: a caller builds libsignal's {@link PreKeyBundle}
 * from nothing but the JSON of {@code GET /v1/keys/{user}}, starts a PQXDH session, and the callee's
 * device decrypts the first message with the private keys it never uploaded.
 */
// A real port, not MockMvc's mock servlet context, because the socket endpoint's container needs one.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class FetchedBundleSessionTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void bundleFetchedOverRestStartsASessionTheCalleeCanDecrypt() throws Exception {
        TestDevice bob = TestDevice.withKeys(3, 3);
        int deviceId = register("bob-session", bob);

        JsonNode bundle = fetch("alice-session", "bob-session");

        assertThat(bundle.has("preKey")).isTrue();
        assertThat(sealAndOpen(bundle, deviceId, bob)).isEqualTo("v=0 offer");
    }

    @Test
    void bundleOfADeviceWithNoOneTimeKeysLeftStillStartsASession() throws Exception {
        TestDevice bob = TestDevice.withKeys(0, 0);
        int deviceId = register("bob-last-resort", bob);

        JsonNode bundle = fetch("alice-last-resort", "bob-last-resort");

        assertThat(bundle.has("preKey")).isFalse();
        assertThat(bundle.get("kyberPreKey").get("keyId").asInt()).isEqualTo(TestDevice.LAST_RESORT_ID);
        assertThat(sealAndOpen(bundle, deviceId, bob)).isEqualTo("v=0 offer");
    }

    /** Alice encrypts to the fetched bundle; Bob's device decrypts. Returns what Bob read. */
    private static String sealAndOpen(JsonNode json, int deviceId, TestDevice bob) throws Exception {
        InMemorySignalProtocolStore alice = new InMemorySignalProtocolStore(IdentityKeyPair.generate(), 1234);
        SignalProtocolAddress bobAddress = new SignalProtocolAddress("bob", deviceId);
        new SessionBuilder(alice, bobAddress).process(preKeyBundle(json));
        CiphertextMessage sealed = new SessionCipher(alice, bobAddress)
                .encrypt("v=0 offer".getBytes(StandardCharsets.UTF_8));
        assertThat(sealed.getType()).isEqualTo(CiphertextMessage.PREKEY_TYPE);

        byte[] opened = new SessionCipher(bob.protocolStore(), new SignalProtocolAddress("alice", 1))
                .decrypt(new PreKeySignalMessage(sealed.serialize()));
        return new String(opened, StandardCharsets.UTF_8);
    }

    private static PreKeyBundle preKeyBundle(JsonNode json) throws Exception {
        JsonNode signed = json.get("signedPreKey");
        JsonNode kyber = json.get("kyberPreKey");
        JsonNode preKey = json.get("preKey");
        return new PreKeyBundle(json.get("registrationId").asInt(), json.get("deviceId").asInt(),
                preKey == null ? PreKeyBundle.NULL_PRE_KEY_ID : preKey.get("keyId").asInt(),
                preKey == null ? null : new ECPublicKey(bytes(preKey, "publicKey")),
                signed.get("keyId").asInt(), new ECPublicKey(bytes(signed, "publicKey")), bytes(signed, "signature"),
                new IdentityKey(bytes(json, "identityKey")),
                kyber.get("keyId").asInt(), new KEMPublicKey(bytes(kyber, "publicKey")), bytes(kyber, "signature"));
    }

    private static byte[] bytes(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.get(field).asString());
    }

    private int register(String user, TestDevice device) throws Exception {
        String body = mvc.perform(post("/v1/devices").with(jwt().jwt(j -> j.subject(user)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ProtocolJson.mapper().writeValueAsString(device.registration())))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return ProtocolJson.mapper().readTree(body).get("deviceId").asInt();
    }

    private JsonNode fetch(String caller, String user) throws Exception {
        String body = mvc.perform(get("/v1/keys/" + user).with(jwt().jwt(j -> j.subject(caller))))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return ProtocolJson.mapper().readTree(body).get("devices").get(0);
    }
}
