// Encrypt and decrypt with an established session, as libsignal's session_cipher.rs.
import { cbc } from '@noble/ciphers/aes.js';
import { generateKeyPair } from './curve.js';
import { invalidMessage, SignalError, UntrustedIdentityError } from './errors.js';
import {
  createPreKeySignalMessage,
  createSignalMessage,
  parsePreKeySignalMessage,
  parseSignalMessage,
  PREKEY_TYPE,
  verifyMac,
  WHISPER_TYPE,
} from './messages.js';
import { createChain, messageKeySeed, messageKeysFromSeed, nextChainKey } from './ratchet-keys.js';
import { processPreKeyMessage } from './session-builder.js';
import {
  addReceiverChain,
  findReceiverChain,
  MAX_FORWARD_JUMPS,
  MAX_UNACKNOWLEDGED_SESSION_AGE_SECONDS,
  SessionRecord,
  storeMessageKey,
  takeMessageKey,
} from './session-record.js';
import { Direction } from './stores.js';

/** @typedef {import('./session-record.js').SessionState} SessionState */
/** @typedef {{type: 2 | 3, body: Uint8Array}} Ciphertext  type 3 = PreKeySignalMessage, 2 = SignalMessage */

const noSession = (/** @type {string} */ addr) => new SignalError('session_not_found', `no session with ${addr}`);

/**
 * Encrypts `plaintext` for `remoteAddress` (libsignal message_encrypt).
 * @param {Uint8Array} plaintext
 * @param {string} remoteAddress
 * @param {import('./stores.js').IdentityKeyStore & import('./stores.js').SessionStore} store
 * @param {Date} [now]
 * @returns {Promise<Ciphertext>}
 */
export async function encrypt(plaintext, remoteAddress, store, now = new Date()) {
  const record = await store.loadSession(remoteAddress);
  const state = record?.current;
  if (!record || !state) throw noSession(remoteAddress);

  const chainKey = state.senderChain.chainKey;
  const keys = messageKeysFromSeed(messageKeySeed(chainKey));
  const ciphertext = cbc(keys.cipherKey, keys.iv).encrypt(plaintext);
  const signalMessage = createSignalMessage({
    macKey: keys.macKey,
    senderRatchetKey: state.senderChain.ratchetKey.publicKey,
    counter: chainKey.index,
    previousCounter: state.previousCounter,
    ciphertext,
    senderIdentity: state.localIdentityKey,
    receiverIdentity: state.remoteIdentityKey,
  });

  /** @type {Ciphertext} */
  let result;
  const pending = state.pendingPreKey;
  if (pending) {
    if (pending.timestamp + MAX_UNACKNOWLEDGED_SESSION_AGE_SECONDS < now.getTime() / 1000) throw noSession(remoteAddress);
    const message = createPreKeySignalMessage({
      registrationId: state.localRegistrationId,
      preKeyId: pending.preKeyId,
      signedPreKeyId: pending.signedPreKeyId,
      kyberPreKeyId: pending.kyberPreKeyId,
      kyberCiphertext: pending.kyberCiphertext,
      baseKey: pending.baseKey,
      identityKey: state.localIdentityKey,
      message: signalMessage,
    });
    result = { type: PREKEY_TYPE, body: message.serialized };
  } else {
    result = { type: WHISPER_TYPE, body: signalMessage.serialized };
  }
  state.senderChain.chainKey = nextChainKey(chainKey);

  if (!(await store.isTrustedIdentity(remoteAddress, state.remoteIdentityKey, Direction.SENDING))) {
    throw new UntrustedIdentityError(remoteAddress, state.remoteIdentityKey);
  }
  await store.saveIdentity(remoteAddress, state.remoteIdentityKey);
  await store.storeSession(remoteAddress, record);
  return result;
}

/**
 * Decrypts a ciphertext of either type from `remoteAddress`.
 * @param {Ciphertext} ciphertext
 * @param {string} remoteAddress
 * @param {import('./stores.js').ProtocolStore} store
 */
export function decrypt(ciphertext, remoteAddress, store) {
  if (ciphertext.type === PREKEY_TYPE) return decryptPreKeyMessage(ciphertext.body, remoteAddress, store);
  if (ciphertext.type === WHISPER_TYPE) return decryptSignalMessage(ciphertext.body, remoteAddress, store);
  throw invalidMessage(`unsupported ciphertext type ${ciphertext.type}`);
}

/** @param {Uint8Array} body @param {string} remoteAddress @param {import('./stores.js').ProtocolStore} store */
export async function decryptPreKeyMessage(body, remoteAddress, store) {
  const message = parsePreKeySignalMessage(body);
  if (!(await store.isTrustedIdentity(remoteAddress, message.identityKey, Direction.RECEIVING))) {
    throw new UntrustedIdentityError(remoteAddress, message.identityKey);
  }
  const record = (await store.loadSession(remoteAddress)) ?? new SessionRecord();
  const used = await processPreKeyMessage(message, record, store);
  const plaintext = decryptWithRecord(record, message.message, PREKEY_TYPE);

  await store.saveIdentity(remoteAddress, message.identityKey);
  if (used) {
    await store.markKyberPreKeyUsed(used.kyberPreKeyId, used.signedPreKeyId, message.baseKey);
    if (used.oneTimePreKeyId !== undefined) await store.removePreKey(used.oneTimePreKeyId);
  }
  await store.storeSession(remoteAddress, record);
  return plaintext;
}

/** @param {Uint8Array} body @param {string} remoteAddress @param {import('./stores.js').ProtocolStore} store */
export async function decryptSignalMessage(body, remoteAddress, store) {
  const message = parseSignalMessage(body);
  const record = await store.loadSession(remoteAddress);
  if (!record) throw noSession(remoteAddress);
  const plaintext = decryptWithRecord(record, message, WHISPER_TYPE);
  const theirIdentity = /** @type {SessionState} */ (record.current).remoteIdentityKey;
  if (!(await store.isTrustedIdentity(remoteAddress, theirIdentity, Direction.RECEIVING))) {
    throw new UntrustedIdentityError(remoteAddress, theirIdentity);
  }
  await store.saveIdentity(remoteAddress, theirIdentity);
  await store.storeSession(remoteAddress, record);
  return plaintext;
}

/** Tries the current state, then (for SignalMessages) the archived ones; mutates `record` only on success. */
function decryptWithRecord(
  /** @type {SessionRecord} */ record,
  /** @type {import('./messages.js').SignalMessage} */ message,
  /** @type {number} */ type,
) {
  /** @type {unknown} */
  let firstError;
  if (record.current) {
    const candidate = structuredClone(record.current);
    try {
      const plaintext = decryptWithState(candidate, message);
      record.current = candidate;
      return plaintext;
    } catch (e) {
      if (e instanceof SignalError && e.code === 'duplicate_message') throw e;
      if (type === PREKEY_TYPE) throw e;
      firstError = e;
    }
  }
  for (let i = 0; i < record.previous.length; i++) {
    const candidate = structuredClone(record.previous[i]);
    try {
      const plaintext = decryptWithState(candidate, message);
      record.promoteOldSession(i, candidate);
      return plaintext;
    } catch (e) {
      if (e instanceof SignalError && e.code === 'duplicate_message') throw e;
      firstError ??= e;
    }
  }
  if (firstError instanceof SignalError) throw firstError;
  throw invalidMessage('decryption failed: no valid session');
}

/** @param {SessionState} state @param {import('./messages.js').SignalMessage} message */
function decryptWithState(state, message) {
  if (message.messageVersion !== state.version) {
    throw invalidMessage(`message version ${message.messageVersion} does not match session version ${state.version}`);
  }
  const chain = receiverChainFor(state, message.senderRatchetKey);
  const seed = messageKeySeedFor(chain, message.counter);
  const keys = messageKeysFromSeed(seed);
  if (!verifyMac(message, state.remoteIdentityKey, state.localIdentityKey, keys.macKey)) {
    throw invalidMessage('MAC verification failed');
  }
  let plaintext;
  try {
    plaintext = cbc(keys.cipherKey, keys.iv).decrypt(message.ciphertext);
  } catch {
    throw invalidMessage('failed to decrypt');
  }
  state.pendingPreKey = null;
  return plaintext;
}

/** The receiving chain for `theirRatchetKey`, doing a DH ratchet step if it is new. */
function receiverChainFor(/** @type {SessionState} */ state, /** @type {Uint8Array} */ theirRatchetKey) {
  const existing = findReceiverChain(state, theirRatchetKey);
  if (existing) return existing;
  const receiving = createChain(state.rootKey, theirRatchetKey, state.senderChain.ratchetKey.privateKey);
  const ourNewRatchetKey = generateKeyPair();
  const sending = createChain(receiving.rootKey, theirRatchetKey, ourNewRatchetKey.privateKey);
  state.rootKey = sending.rootKey;
  addReceiverChain(state, theirRatchetKey, receiving.chainKey);
  const currentIndex = state.senderChain.chainKey.index;
  state.previousCounter = currentIndex > 0 ? currentIndex - 1 : 0;
  state.senderChain = { ratchetKey: ourNewRatchetKey, chainKey: sending.chainKey };
  return /** @type {import('./session-record.js').ReceiverChain} */ (findReceiverChain(state, theirRatchetKey));
}

/** The message key seed for `counter`: a stored skipped key, or the chain advanced (bounded). */
function messageKeySeedFor(/** @type {import('./session-record.js').ReceiverChain} */ chain, /** @type {number} */ counter) {
  let chainKey = chain.chainKey;
  if (chainKey.index > counter) {
    const seed = takeMessageKey(chain, counter);
    if (!seed) throw new SignalError('duplicate_message', `duplicate message for counter ${counter}`);
    return seed;
  }
  if (counter - chainKey.index > MAX_FORWARD_JUMPS) throw invalidMessage('message from too far into the future');
  while (chainKey.index < counter) {
    storeMessageKey(chain, chainKey.index, messageKeySeed(chainKey));
    chainKey = nextChainKey(chainKey);
  }
  chain.chainKey = nextChainKey(chainKey);
  return messageKeySeed(chainKey);
}

