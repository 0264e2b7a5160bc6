package dev.hushcall.client.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code PUT /v1/devices/{id}/keys}; every field but {@code identityKey} may be null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyUpload(String identityKey, SignedKey signedPreKey, SignedKey kyberLastResortPreKey,
                        List<PreKey> preKeys, List<SignedKey> kyberPreKeys) {
}
