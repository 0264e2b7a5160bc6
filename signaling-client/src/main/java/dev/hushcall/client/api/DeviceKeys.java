package dev.hushcall.client.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code POST /v1/devices} and {@code PUT /v1/devices/{id}}: a device's full key set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceKeys(int registrationId, String identityKey, SignedKey signedPreKey,
                         SignedKey kyberLastResortPreKey, List<PreKey> preKeys, List<SignedKey> kyberPreKeys) {
}
