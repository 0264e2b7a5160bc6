package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hushcall.protocol.ProtocolJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** The devices-and-keys REST contract of docs/protocol.md, through the real security configuration. */
// A real port, not MockMvc's mock servlet context, because the socket endpoint's container needs one.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class KeysWebTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    private MockMvc mvc;

    @Autowired
    private DeviceDirectory directory;

    @Autowired
    private KeysProperties properties;

    /** A user no other test has touched: the context, and with it the store, is shared. */
    private static String newUser(String name) {
        return name + "-" + USERS.incrementAndGet();
    }

    @Test
    void registeredDeviceServesEachOneTimeKeyOnceThenItsLastResortKey() throws Exception {
        String alice = newUser("alice");
        TestDevice device = TestDevice.withKeys(2, 2);

        call(alice, post("/v1/devices"), device.registration())
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/v1/devices/1"))
                .andExpect(content().json("{\"deviceId\":1}"));
        call(alice, get("/v1/devices"), null)
                .andExpect(content().json("{\"devices\":[{\"deviceId\":1,\"registrationId\":4711}]}", true));

        String bob = newUser("bob");
        List<JsonNode> bundles = List.of(fetchBundle(bob, alice), fetchBundle(bob, alice), fetchBundle(bob, alice));

        assertThat(bundles).extracting(b -> b.path("preKey").path("keyId").asInt(-1)).containsExactly(1, 2, -1);
        assertThat(bundles.get(2).has("preKey")).isFalse();
        assertThat(bundles).extracting(b -> b.get("kyberPreKey").get("keyId").asInt()).containsExactly(2, 3, 1);
        assertThat(bundles.get(2).get("kyberPreKey").get("publicKey").asString())
                .isEqualTo(device.registration().kyberLastResortPreKey().publicKey());
        assertThat(bundles.get(0).get("identityKey").asString()).isEqualTo(device.identityKey());
        assertThat(bundles.get(0).get("registrationId").asInt()).isEqualTo(4711);
        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":0,\"kyberPreKeys\":0}", true));

        TestDevice refill = new TestDevice(4711, 3, 3);
        KeyUpload upload = new KeyUpload(device.identityKey(), null, null, refill.preKeyList(),
                signedBy(device, refill));
        call(alice, put("/v1/devices/1/keys"), upload).andExpect(status().isNoContent());
        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":3,\"kyberPreKeys\":3}", true));
    }

    @Test
    void everyDeviceOfTheUserGetsABundle() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(1, 1));
        register(alice, TestDevice.withKeys(1, 1));

        JsonNode bundles = json(call(newUser("bob"), get("/v1/keys/" + alice), null).andExpect(status().isOk()));

        assertThat(bundles.get("user").asString()).isEqualTo(alice);
        assertThat(bundles.get("devices")).extracting(b -> b.get("deviceId").asInt()).containsExactly(1, 2);
        assertThat(directory.deviceIds(alice)).containsExactly(1, 2);
    }

    @Test
    void requestsWithoutATokenAreRefusedWith401() throws Exception {
        for (MockHttpServletRequestBuilder request : List.of(get("/v1/devices"), post("/v1/devices"),
                get("/v1/keys/alice"), put("/v1/devices/1/keys"), delete("/v1/devices/1"))) {
            mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.code").value("unauthorized"));
        }
    }

    @Test
    void aUserCannotTouchAnotherUsersDevice() throws Exception {
        String alice = newUser("alice");
        TestDevice device = TestDevice.withKeys(2, 2);
        register(alice, device);
        String mallory = newUser("mallory");

        refused(call(mallory, put("/v1/devices/1/keys"), device.upload()), 404, "unknown_device");
        refused(call(mallory, put("/v1/devices/1"), TestDevice.withKeys(0, 0).registration()), 404, "unknown_device");
        refused(call(mallory, get("/v1/devices/1/keys/count"), null), 404, "unknown_device");
        refused(call(mallory, delete("/v1/devices/1"), null), 404, "unknown_device");

        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":2,\"kyberPreKeys\":2}", true));
        assertThat(directory.deviceIds(alice)).containsExactly(1);
        assertThat(directory.deviceIds(mallory)).isEmpty();
    }

    @Test
    void uploadUnderAnotherIdentityKeyIsRefusedWith409() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(0, 0));

        refused(call(alice, put("/v1/devices/1/keys"), TestDevice.withKeys(1, 1).upload()), 409, "identity_key_mismatch");
        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":0,\"kyberPreKeys\":0}", true));
    }

    @Test
    void badlySignedRegistrationIsRefusedAndStoresNothing() throws Exception {
        String alice = newUser("alice");
        TestDevice device = TestDevice.withKeys(1, 1);
        DeviceRegistration good = device.registration();
        SignedPreKey forged = TestDevice.withKeys(0, 0).signed(1, device.signedPreKey);
        DeviceRegistration bad = new DeviceRegistration(good.registrationId(), good.identityKey(), forged,
                good.kyberLastResortPreKey(), good.preKeys(), good.kyberPreKeys());

        refused(call(alice, post("/v1/devices"), bad), 400, "invalid_key_signature")
                .andExpect(jsonPath("$.message").value("signedPreKey (keyId 1): signature does not verify against identityKey"));
        call(alice, get("/v1/devices"), null).andExpect(content().json("{\"devices\":[]}", true));
    }

    @Test
    void malformedBodiesAndPathsAreRefusedWithoutAStackTrace() throws Exception {
        String alice = newUser("alice");
        refused(mvc.perform(post("/v1/devices").with(as(alice)).contentType(MediaType.APPLICATION_JSON).content("{")),
                400, "bad_json");
        refused(call(alice, get("/v1/devices/one/keys/count"), null), 400, "invalid_message");
        refused(call(alice, post("/v1/devices"), new KeyUpload("%%%", null, null, null, null)), 400, "invalid_message");
    }

    @Test
    void aKeyIdPastTheIntegerRangeIsAnInvalidKeyAndARegistrationIdPastItIsInvalid() throws Exception {
        String alice = newUser("alice");
        String body = ProtocolJson.mapper().writeValueAsString(TestDevice.withKeys(1, 0).registration());
        String hugeKeyId = body.replaceFirst("\\{\"keyId\":1,", "{\"keyId\":2147483648,");
        assertThat(hugeKeyId).isNotEqualTo(body);
        refused(mvc.perform(post("/v1/devices").with(as(alice)).contentType(MediaType.APPLICATION_JSON)
                .content(hugeKeyId)), 400, "invalid_key")
                .andExpect(jsonPath("$.message").value("a keyId is 0 to " + KeyValidator.MAX_KEY_ID));
        String hugeRegistrationId = body.replaceFirst("\"registrationId\":\\d+", "\"registrationId\":4294967296");
        assertThat(hugeRegistrationId).isNotEqualTo(body);
        refused(mvc.perform(post("/v1/devices").with(as(alice)).contentType(MediaType.APPLICATION_JSON)
                .content(hugeRegistrationId)), 400, "invalid_message");
        call(alice, get("/v1/devices"), null).andExpect(content().json("{\"devices\":[]}", true));
    }

    @Test
    void deviceBeyondTheCapIsRefusedWithTooManyDevices() throws Exception {
        String alice = newUser("alice");
        DeviceRegistration registration = TestDevice.withKeys(0, 0).registration();
        for (int i = 1; i <= properties.maxDevices(); i++) {
            call(alice, post("/v1/devices"), registration).andExpect(content().json("{\"deviceId\":" + i + "}"));
        }

        refused(call(alice, post("/v1/devices"), registration), 409, "too_many_devices");
        assertThat(properties).isEqualTo(new KeysProperties(8, 100, 300, Duration.ofMinutes(2)));
    }

    @Test
    void userWithoutDevicesIsAnUnknownUser() throws Exception {
        refused(call(newUser("bob"), get("/v1/keys/" + newUser("nobody")), null), 404, "unknown_user");
    }

    @Test
    void oneDevicesBundleSpendsOnlyThatDevicesOneTimeKeys() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(2, 2));
        TestDevice laptop = new TestDevice(4712, 2, 2);
        register(alice, laptop);

        JsonNode body = json(call(newUser("bob"), get("/v1/keys/" + alice + "/2"), null).andExpect(status().isOk()));

        assertThat(body.get("user").asString()).isEqualTo(alice);
        assertThat(body.get("devices")).hasSize(1);
        JsonNode bundle = body.get("devices").get(0);
        assertThat(bundle.get("deviceId").asInt()).isEqualTo(2);
        assertThat(bundle.get("registrationId").asInt()).isEqualTo(4712);
        assertThat(bundle.get("identityKey").asString()).isEqualTo(laptop.identityKey());
        assertThat(bundle.get("preKey").get("keyId").asInt()).isEqualTo(1);
        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":2,\"kyberPreKeys\":2}", true));
        call(alice, get("/v1/devices/2/keys/count"), null).andExpect(content().json("{\"preKeys\":1,\"kyberPreKeys\":1}", true));
    }

    @Test
    void aDeviceTheUserDoesNotHaveIsAnUnknownDevice() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(1, 1));
        String bob = newUser("bob");

        refused(call(bob, get("/v1/keys/" + alice + "/2"), null), 404, "unknown_device")
                .andExpect(jsonPath("$.message").value("this user has no device 2"));
        refused(call(bob, get("/v1/keys/" + newUser("nobody") + "/1"), null), 404, "unknown_device");
        refused(call(bob, get("/v1/keys/" + alice + "/0"), null), 404, "unknown_device");
        refused(call(bob, get("/v1/keys/" + alice + "/-1"), null), 404, "unknown_device");
        refused(call(bob, get("/v1/keys/" + alice + "/one"), null), 400, "invalid_message");
        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":1,\"kyberPreKeys\":1}", true));
        mvc.perform(get("/v1/keys/" + alice + "/1")).andExpect(status().isUnauthorized());
    }

    @Test
    void reregistrationReplacesTheIdentityKeyAndEveryPrekey() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(5, 5));
        TestDevice reinstalled = new TestDevice(99, 1, 0);

        call(alice, put("/v1/devices/1"), reinstalled.registration()).andExpect(status().isNoContent());

        call(alice, get("/v1/devices/1/keys/count"), null).andExpect(content().json("{\"preKeys\":1,\"kyberPreKeys\":0}", true));
        JsonNode bundle = fetchBundle(newUser("bob"), alice);
        assertThat(bundle.get("identityKey").asString()).isEqualTo(reinstalled.identityKey());
        assertThat(bundle.get("registrationId").asInt()).isEqualTo(99);
    }

    @Test
    void deletedDeviceLeavesTheListAndTheDirectoryAndItsIdIsNotHandedOutAtOnce() throws Exception {
        String alice = newUser("alice");
        register(alice, TestDevice.withKeys(1, 1));
        register(alice, TestDevice.withKeys(1, 1));

        call(alice, delete("/v1/devices/1"), null).andExpect(status().isNoContent());

        call(alice, get("/v1/devices"), null)
                .andExpect(content().json("{\"devices\":[{\"deviceId\":2,\"registrationId\":4711}]}", true));
        assertThat(directory.deviceIds(alice)).containsExactly(2);
        // Within hushcall.keys.id-reuse-delay: something of device 1 may still be in flight.
        call(alice, post("/v1/devices"), TestDevice.withKeys(0, 0).registration())
                .andExpect(content().json("{\"deviceId\":3}"));
    }

    int register(String user, TestDevice device) throws Exception {
        return json(call(user, post("/v1/devices"), device.registration()).andExpect(status().isCreated()))
                .get("deviceId").asInt();
    }

    JsonNode fetchBundle(String caller, String user) throws Exception {
        JsonNode body = json(call(caller, get("/v1/keys/" + user), null).andExpect(status().isOk()));
        assertThat(body.get("devices")).hasSize(1);
        return body.get("devices").get(0);
    }

    ResultActions call(String user, MockHttpServletRequestBuilder request, Object body) throws Exception {
        request.with(as(user));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(ProtocolJson.mapper().writeValueAsString(body));
        }
        return mvc.perform(request);
    }

    static JwtRequestPostProcessor as(String user) {
        return jwt().jwt(j -> j.subject(user));
    }

    static JsonNode json(ResultActions result) throws Exception {
        return ProtocolJson.mapper().readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static ResultActions refused(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status)).andExpect(jsonPath("$.code").value(code));
    }

    /** {@code keys}' Kyber keys signed by {@code owner}'s identity, as a refill from that device would be. */
    private static List<SignedPreKey> signedBy(TestDevice owner, TestDevice keys) {
        return keys.kyberPreKeys.entrySet().stream()
                .map(e -> owner.signed(e.getKey() + 10, e.getValue())).toList();
    }
}
