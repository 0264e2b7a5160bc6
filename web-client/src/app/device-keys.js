// Registering this browser as a device of the signed-in user, and keeping its one-time prekeys on the
// server topped up (the Java SDK's KeyManager and KeyPolicy).
import { toBase64 } from '../signal/bytes.js';
import * as H from '../signal/index.js';

/** Refill when the server holds fewer one-time keys of a kind than `refillBelow`; hold `refillTo` after. */
export const DEFAULT_KEY_POLICY = Object.freeze({ refillBelow: 20, refillTo: 100 });

/**
 * Registers this device unless the store says it already is; returns its device id. An identity stored
 * by a registration that never completed is reused.
 * @param {import('./api.js').HushcallApi} api
 * @param {import('./idb-store.js').IdbProtocolStore} store
 */
export async function ensureRegistered(api, store, policy = DEFAULT_KEY_POLICY) {
  if (store.account?.deviceId) return store.account.deviceId;
  if (!store.account) {
    await store.saveAccount({
      identityKeyPair: H.generateIdentityKeyPair(),
      registrationId: H.generateRegistrationId(),
      deviceId: null,
      nextKeyId: 1,
    });
  }
  const identity = await store.getIdentityKeyPair();
  const [signedId, lastResortId] = await store.reserveKeyIds(2);
  const signedPreKey = H.generateSignedPreKey(identity, signedId);
  const kyberLastResortPreKey = H.generateKyberPreKey(identity, lastResortId, true);
  const { preKeys, kyberPreKeys } = await oneTimeKeys(store, identity, policy.refillTo, policy.refillTo);
  await store.addSignedPreKey(signedPreKey);
  await store.addKyberPreKey(kyberLastResortPreKey);
  const deviceId = await api.registerDevice(
    H.registrationJson({
      identityKey: identity.publicKey,
      registrationId: await store.getLocalRegistrationId(),
      signedPreKey,
      kyberLastResortPreKey,
      preKeys,
      kyberPreKeys,
    }),
  );
  await store.saveAccount({ ...store.requireAccount(), deviceId });
  return deviceId;
}

/**
 * Uploads one-time keys of each kind that fell below the threshold.
 * @returns {Promise<boolean>} whether it uploaded any
 */
export async function refillIfNeeded(
  /** @type {import('./api.js').HushcallApi} */ api,
  /** @type {import('./idb-store.js').IdbProtocolStore} */ store,
  policy = DEFAULT_KEY_POLICY,
) {
  const deviceId = /** @type {number} */ (store.requireAccount().deviceId);
  const count = await api.preKeyCount(deviceId);
  const ec = count.preKeys < policy.refillBelow ? policy.refillTo - count.preKeys : 0;
  const kyber = count.kyberPreKeys < policy.refillBelow ? policy.refillTo - count.kyberPreKeys : 0;
  if (ec === 0 && kyber === 0) return false;
  const identity = await store.getIdentityKeyPair();
  const { preKeys, kyberPreKeys } = await oneTimeKeys(store, identity, ec, kyber);
  await api.uploadKeys(deviceId, {
    identityKey: toBase64(identity.publicKey),
    ...(ec > 0 ? { preKeys: preKeys.map((p) => ({ keyId: p.keyId, publicKey: toBase64(p.keyPair.publicKey) })) } : {}),
    ...(kyber > 0
      ? { kyberPreKeys: kyberPreKeys.map((k) => ({ keyId: k.keyId, publicKey: toBase64(k.keyPair.publicKey), signature: toBase64(k.signature) })) }
      : {}),
  });
  return true;
}

/** Generates and stores one-time keys; the private halves are kept before the public ones leave. */
async function oneTimeKeys(
  /** @type {import('./idb-store.js').IdbProtocolStore} */ store,
  /** @type {H.KeyPair} */ identity,
  /** @type {number} */ ecCount,
  /** @type {number} */ kyberCount,
) {
  const ids = await store.reserveKeyIds(ecCount + kyberCount);
  const preKeys = ids.slice(0, ecCount).map((id) => H.generatePreKey(id));
  const kyberPreKeys = ids.slice(ecCount).map((id) => H.generateKyberPreKey(identity, id));
  for (const k of preKeys) await store.addPreKey(k);
  for (const k of kyberPreKeys) await store.addKyberPreKey(k);
  return { preKeys, kyberPreKeys };
}
