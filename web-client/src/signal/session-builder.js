// PQXDH session set-up, as libsignal's session.rs / ratchet.rs: Alice from a bundle, Bob from a
// PreKeySignalMessage. Version 4 only: libsignal 0.86.5 rejects X3DH (no Kyber key).
import { concat } from './bytes.js';
import { calculateAgreement, checkPublicKey, generateKeyPair, isCanonical, verify } from './curve.js';
import { invalidMessage, SignalError, UntrustedIdentityError } from './errors.js';
import { checkKemPublicKey, decapsulate, encapsulate } from './kem.js';
import { CURRENT_VERSION, PRE_KYBER_VERSION } from './messages.js';
import { createChain, deriveInitialKeys } from './ratchet-keys.js';
import { addReceiverChain, SessionRecord } from './session-record.js';
import { Direction } from './stores.js';

const DISCONTINUITY = new Uint8Array(32).fill(0xff);

/**
 * A device's public keys as GET /v1/keys/{user} returns them (docs/protocol.md), decoded to bytes.
 * @typedef {object} PreKeyBundle
 * @property {number} registrationId
 * @property {number} deviceId
 * @property {Uint8Array} identityKey
 * @property {{keyId: number, publicKey: Uint8Array, signature: Uint8Array}} signedPreKey
 * @property {{keyId: number, publicKey: Uint8Array, signature: Uint8Array}} kyberPreKey  one-time or last resort
 * @property {{keyId: number, publicKey: Uint8Array}} [preKey]  one-time EC prekey, absent when none are left
 */

/** @typedef {import('./session-record.js').SessionState} SessionState */

/**
 * Starts a session with the device that published `bundle` (libsignal process_prekey_bundle).
 * @param {PreKeyBundle} bundle
 * @param {string} remoteAddress
 * @param {import('./stores.js').IdentityKeyStore & import('./stores.js').SessionStore} store
 * @param {Date} [now]
 */
export async function processPreKeyBundle(bundle, remoteAddress, store, now = new Date()) {
  const theirIdentity = checkPublicKey(bundle.identityKey);
  if (!(await store.isTrustedIdentity(remoteAddress, theirIdentity, Direction.SENDING))) {
    throw new UntrustedIdentityError(remoteAddress, theirIdentity);
  }
  const signedPreKey = checkPublicKey(bundle.signedPreKey.publicKey);
  const kyberPreKey = checkKemPublicKey(bundle.kyberPreKey.publicKey);
  if (!verify(theirIdentity, signedPreKey, bundle.signedPreKey.signature)) {
    throw new SignalError('signature_validation_failed', 'signed prekey signature does not verify');
  }
  if (!verify(theirIdentity, kyberPreKey, bundle.kyberPreKey.signature)) {
    throw new SignalError('signature_validation_failed', 'Kyber prekey signature does not verify');
  }
  const oneTime = bundle.preKey ? checkPublicKey(bundle.preKey.publicKey) : undefined;

  const record = (await store.loadSession(remoteAddress)) ?? new SessionRecord();
  const ourIdentity = await store.getIdentityKeyPair();
  const base = generateKeyPair();

  const parts = [
    DISCONTINUITY,
    calculateAgreement(ourIdentity.privateKey, signedPreKey),
    calculateAgreement(base.privateKey, theirIdentity),
    calculateAgreement(base.privateKey, signedPreKey),
  ];
  if (oneTime) parts.push(calculateAgreement(base.privateKey, oneTime));
  const kem = encapsulate(kyberPreKey);
  parts.push(kem.sharedSecret);
  const { rootKey, chainKey } = deriveInitialKeys(concat(...parts));

  // Bob's first ratchet key is his signed prekey.
  const sendingRatchetKey = generateKeyPair();
  const sendingChain = createChain(rootKey, signedPreKey, sendingRatchetKey.privateKey);

  /** @type {SessionState} */
  const state = {
    version: CURRENT_VERSION,
    localIdentityKey: ourIdentity.publicKey,
    remoteIdentityKey: theirIdentity,
    rootKey: sendingChain.rootKey,
    previousCounter: 0,
    senderChain: { ratchetKey: sendingRatchetKey, chainKey: sendingChain.chainKey },
    receiverChains: [],
    pendingPreKey: {
      preKeyId: bundle.preKey?.keyId,
      signedPreKeyId: bundle.signedPreKey.keyId,
      baseKey: base.publicKey,
      timestamp: Math.floor(now.getTime() / 1000),
      kyberPreKeyId: bundle.kyberPreKey.keyId,
      kyberCiphertext: kem.ciphertext,
    },
    localRegistrationId: await store.getLocalRegistrationId(),
    remoteRegistrationId: bundle.registrationId,
    aliceBaseKey: base.publicKey,
  };
  addReceiverChain(state, signedPreKey, { key: chainKey, index: 0 });

  await store.saveIdentity(remoteAddress, theirIdentity);
  record.promoteState(state);
  await store.storeSession(remoteAddress, record);
}

/**
 * Bob's side (libsignal process_prekey): sets up the session a PreKeySignalMessage describes, into
 * `record`. Returns which prekeys it used, or null when the session already existed (a repeated
 * PreKeySignalMessage from the same set-up).
 * @param {import('./messages.js').PreKeySignalMessage} message
 * @param {SessionRecord} record
 * @param {import('./stores.js').ProtocolStore} store
 */
export async function processPreKeyMessage(message, record, store) {
  if (record.promoteMatchingSession(message.messageVersion, message.baseKey)) return null;
  if (message.messageVersion === PRE_KYBER_VERSION) throw invalidMessage('X3DH no longer supported');
  if (message.kyberPreKeyId === undefined || !message.kyberCiphertext) throw invalidMessage('missing pq pre-key');
  if (!isCanonical(message.baseKey)) throw invalidMessage('incoming base key is invalid');

  const signed = await store.getSignedPreKey(message.signedPreKeyId);
  const kyber = await store.getKyberPreKey(message.kyberPreKeyId);
  const oneTime = message.preKeyId === undefined ? undefined : await store.getPreKey(message.preKeyId);
  const ourIdentity = await store.getIdentityKeyPair();

  const parts = [
    DISCONTINUITY,
    calculateAgreement(signed.keyPair.privateKey, message.identityKey),
    calculateAgreement(ourIdentity.privateKey, message.baseKey),
    calculateAgreement(signed.keyPair.privateKey, message.baseKey),
  ];
  if (oneTime) parts.push(calculateAgreement(oneTime.keyPair.privateKey, message.baseKey));
  parts.push(decapsulate(kyber.keyPair.secretKey, message.kyberCiphertext));
  const { rootKey, chainKey } = deriveInitialKeys(concat(...parts));

  /** @type {SessionState} */
  const state = {
    version: CURRENT_VERSION,
    localIdentityKey: ourIdentity.publicKey,
    remoteIdentityKey: message.identityKey,
    rootKey,
    previousCounter: 0,
    senderChain: { ratchetKey: signed.keyPair, chainKey: { key: chainKey, index: 0 } },
    receiverChains: [],
    pendingPreKey: null,
    localRegistrationId: await store.getLocalRegistrationId(),
    remoteRegistrationId: message.registrationId,
    aliceBaseKey: message.baseKey,
  };
  record.promoteState(state);
  return {
    oneTimePreKeyId: message.preKeyId,
    signedPreKeyId: message.signedPreKeyId,
    kyberPreKeyId: message.kyberPreKeyId,
  };
}
