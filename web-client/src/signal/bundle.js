// Converting a device bundle between the REST JSON of GET /v1/keys/{user} (base64) and bytes.
import { fromBase64, toBase64 } from './bytes.js';

/** @param {any} json one entry of `devices` @returns {import('./session-builder.js').PreKeyBundle} */
export function bundleFromJson(json) {
  const signed = (/** @type {any} */ k) => ({ keyId: k.keyId, publicKey: fromBase64(k.publicKey), signature: fromBase64(k.signature) });
  return {
    registrationId: json.registrationId,
    deviceId: json.deviceId,
    identityKey: fromBase64(json.identityKey),
    signedPreKey: signed(json.signedPreKey),
    kyberPreKey: signed(json.kyberPreKey),
    ...(json.preKey ? { preKey: { keyId: json.preKey.keyId, publicKey: fromBase64(json.preKey.publicKey) } } : {}),
  };
}

/** @param {import('./session-builder.js').PreKeyBundle} b */
export function bundleToJson(b) {
  const signed = (/** @type {{keyId: number, publicKey: Uint8Array, signature: Uint8Array}} */ k) => ({
    keyId: k.keyId,
    publicKey: toBase64(k.publicKey),
    signature: toBase64(k.signature),
  });
  return {
    deviceId: b.deviceId,
    registrationId: b.registrationId,
    identityKey: toBase64(b.identityKey),
    signedPreKey: signed(b.signedPreKey),
    kyberPreKey: signed(b.kyberPreKey),
    ...(b.preKey ? { preKey: { keyId: b.preKey.keyId, publicKey: toBase64(b.preKey.publicKey) } } : {}),
  };
}
