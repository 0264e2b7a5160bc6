// Generating a device's keys: identity, signed EC prekey, Kyber prekeys (signed with XEdDSA by the
// identity key over the serialized public key, as the service verifies) and one-time EC prekeys.
import { toBase64 } from './bytes.js';
import { generateKeyPair, sign } from './curve.js';
import { generateKemKeyPair } from './kem.js';

/** libsignal's KeyHelper range: 1..16380. */
export function generateRegistrationId() {
  const r = new Uint16Array(1);
  globalThis.crypto.getRandomValues(r);
  return (r[0] % 16380) + 1;
}

export const generateIdentityKeyPair = generateKeyPair;

/** @param {import('./curve.js').KeyPair} identity @param {number} keyId @returns {import('./stores.js').SignedPreKeyRecord} */
export function generateSignedPreKey(identity, keyId, timestamp = Date.now()) {
  const keyPair = generateKeyPair();
  return { keyId, keyPair, signature: sign(identity.privateKey, keyPair.publicKey), timestamp };
}

/** @param {import('./curve.js').KeyPair} identity @param {number} keyId @returns {import('./stores.js').KyberPreKeyRecord} */
export function generateKyberPreKey(identity, keyId, lastResort = false, timestamp = Date.now()) {
  const keyPair = generateKemKeyPair();
  return { keyId, keyPair, signature: sign(identity.privateKey, keyPair.publicKey), timestamp, lastResort };
}

/** @param {number} keyId @returns {import('./stores.js').PreKeyRecord} */
export const generatePreKey = (keyId) => ({ keyId, keyPair: generateKeyPair() });

/**
 * The public part of a device's keys in the JSON form of POST /v1/devices (docs/protocol.md).
 * @param {{identityKey: Uint8Array, registrationId: number, signedPreKey: import('./stores.js').SignedPreKeyRecord,
 *   kyberLastResortPreKey: import('./stores.js').KyberPreKeyRecord, preKeys?: import('./stores.js').PreKeyRecord[],
 *   kyberPreKeys?: import('./stores.js').KyberPreKeyRecord[]}} k
 */
export function registrationJson(k) {
  const signed = (/** @type {{keyId: number, keyPair: {publicKey: Uint8Array}, signature: Uint8Array}} */ r) => ({
    keyId: r.keyId,
    publicKey: toBase64(r.keyPair.publicKey),
    signature: toBase64(r.signature),
  });
  return {
    registrationId: k.registrationId,
    identityKey: toBase64(k.identityKey),
    signedPreKey: signed(k.signedPreKey),
    kyberLastResortPreKey: signed(k.kyberLastResortPreKey),
    preKeys: (k.preKeys ?? []).map((p) => ({ keyId: p.keyId, publicKey: toBase64(p.keyPair.publicKey) })),
    kyberPreKeys: (k.kyberPreKeys ?? []).map(signed),
  };
}
