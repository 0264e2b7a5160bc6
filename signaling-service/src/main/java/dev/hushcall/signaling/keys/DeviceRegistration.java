package dev.hushcall.signaling.keys;

import java.util.List;

/** Body of {@code POST /v1/devices} and {@code PUT /v1/devices/{deviceId}}, as the client sent it. */
record DeviceRegistration(Integer registrationId, String identityKey, SignedPreKey signedPreKey,
                          SignedPreKey kyberLastResortPreKey, List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys) {
}
