package dev.hushcall.signaling.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running service over plain HTTP the way any client would: mints dev tokens, registers
 * devices with real libsignal keys, fetches socket tickets. For tests that must not lean on the SDK.
 */
public final class TestDevices {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestDevices(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    /** A registered device with its token. */
    public record Device(String user, int deviceId, String token) {
    }

    public String token(String user) {
        return post("/dev/token", null, Map.of("user", user)).get("token").asString();
    }

    /** Registers a device for {@code user} with freshly generated keys and {@code oneTimeKeys} of each kind. */
    public Device register(String user, int oneTimeKeys) {
        String token = token(user);
        JsonNode reply = post("/v1/devices", token, registration(oneTimeKeys));
        return new Device(user, reply.get("deviceId").asInt(), token);
    }

    public String ticket(Device device) {
        return post("/v1/ws/ticket", device.token(), Map.of("deviceId", device.deviceId())).get("ticket").asString();
    }

    public URI socketUri(String ticket) {
        return URI.create("ws://localhost:" + base.getPort() + "/v1/ws?ticket=" + ticket);
    }

    public RawSocket connect(Device device) {
        return RawSocket.open(socketUri(ticket(device)));
    }

    public static Map<String, Object> registration(int oneTimeKeys) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        ECKeyPair signed = ECKeyPair.generate();
        KEMKeyPair lastResort = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("registrationId", 1 + (int) (Math.random() * 16000));
        body.put("identityKey", B64.encodeToString(identity.getPublicKey().serialize()));
        body.put("signedPreKey", signedKey(identity, 1, signed.getPublicKey().serialize()));
        body.put("kyberLastResortPreKey", signedKey(identity, 1, lastResort.getPublicKey().serialize()));
        List<Map<String, Object>> preKeys = new ArrayList<>();
        List<Map<String, Object>> kyberPreKeys = new ArrayList<>();
        for (int i = 0; i < oneTimeKeys; i++) {
            preKeys.add(Map.of("keyId", 100 + i,
                    "publicKey", B64.encodeToString(ECKeyPair.generate().getPublicKey().serialize())));
            kyberPreKeys.add(signedKey(identity, 100 + i,
                    KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        }
        body.put("preKeys", preKeys);
        body.put("kyberPreKeys", kyberPreKeys);
        return body;
    }

    private static Map<String, Object> signedKey(IdentityKeyPair identity, int keyId, byte[] publicKey) {
        return Map.of("keyId", keyId, "publicKey", B64.encodeToString(publicKey),
                "signature", B64.encodeToString(identity.getPrivateKey().calculateSignature(publicKey)));
    }

    /** An HTTP answer, for tests that expect a refusal. */
    public record Answer(int status, JsonNode body) {
    }

    /** POSTs {@code body} and returns whatever the service answered. */
    public Answer postExpectingAnything(String path, String token, Object body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code DELETE /v1/devices/{id}} of {@code device}; returns the status. */
    public int delete(Device device) {
        return status(HttpRequest.newBuilder(base.resolve("/v1/devices/" + device.deviceId()))
                .header("Authorization", "Bearer " + device.token()).DELETE());
    }

    /** {@code PUT /v1/devices/{id}} of {@code device} with fresh keys (a re-registration); returns the status. */
    public int reregister(Device device) {
        return status(HttpRequest.newBuilder(base.resolve("/v1/devices/" + device.deviceId()))
                .header("Authorization", "Bearer " + device.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(registration(0)))));
    }

    private int status(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code path} with {@code token}; fails the test unless the answer is 2xx. */
    public JsonNode get(String path, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path, token);
    }

    private JsonNode post(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path, token);
    }

    private JsonNode send(HttpRequest.Builder request, String path, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
