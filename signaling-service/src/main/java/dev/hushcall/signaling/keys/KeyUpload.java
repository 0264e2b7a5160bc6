package dev.hushcall.signaling.keys;

import java.util.List;

/** Body of {@code PUT /v1/devices/{deviceId}/keys}, as the client sent it; all but identityKey optional. */
record KeyUpload(String identityKey, SignedPreKey signedPreKey, SignedPreKey kyberLastResortPreKey,
                 List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys) {
}
