// Session state and record, modelled on libsignal's SessionState/SessionRecord
// (rust/protocol/src/state/session.rs) with the same limits, serializable to JSON for a store.
import { equalBytes, fromBase64, toBase64 } from './bytes.js';

export const MAX_FORWARD_JUMPS = 25_000;
export const MAX_MESSAGE_KEYS = 2000;
export const MAX_RECEIVER_CHAINS = 5;
export const ARCHIVED_STATES_MAX_LENGTH = 40;
export const MAX_UNACKNOWLEDGED_SESSION_AGE_SECONDS = 60 * 60 * 24 * 30;

/**
 * @typedef {import('./ratchet-keys.js').ChainKey} ChainKey
 * @typedef {{publicKey: Uint8Array, privateKey: Uint8Array}} KeyPair
 * @typedef {{ratchetKey: Uint8Array, chainKey: ChainKey, messageKeys: {index: number, seed: Uint8Array}[]}} ReceiverChain
 * @typedef {{preKeyId?: number, signedPreKeyId: number, baseKey: Uint8Array, timestamp: number,
 *   kyberPreKeyId: number, kyberCiphertext: Uint8Array}} PendingPreKey  timestamp in Unix seconds
 * @typedef {object} SessionState
 * @property {number} version
 * @property {Uint8Array} localIdentityKey
 * @property {Uint8Array} remoteIdentityKey
 * @property {Uint8Array} rootKey
 * @property {number} previousCounter
 * @property {{ratchetKey: KeyPair, chainKey: ChainKey}} senderChain
 * @property {ReceiverChain[]} receiverChains  oldest first
 * @property {PendingPreKey | null} pendingPreKey  set on Alice's side until the first reply arrives
 * @property {number} localRegistrationId
 * @property {number} remoteRegistrationId
 * @property {Uint8Array} aliceBaseKey
 */

/** @param {SessionState} state @param {Uint8Array} ratchetKey */
export function findReceiverChain(state, ratchetKey) {
  return state.receiverChains.find((c) => equalBytes(c.ratchetKey, ratchetKey));
}

/** @param {SessionState} state @param {Uint8Array} ratchetKey @param {ChainKey} chainKey */
export function addReceiverChain(state, ratchetKey, chainKey) {
  state.receiverChains.push({ ratchetKey, chainKey, messageKeys: [] });
  if (state.receiverChains.length > MAX_RECEIVER_CHAINS) state.receiverChains.shift();
}

/** Stores a skipped message key seed, newest first, dropping the oldest past the limit. */
export function storeMessageKey(/** @type {ReceiverChain} */ chain, /** @type {number} */ index, /** @type {Uint8Array} */ seed) {
  chain.messageKeys.unshift({ index, seed });
  if (chain.messageKeys.length > MAX_MESSAGE_KEYS) chain.messageKeys.pop();
}

/** Removes and returns the stored seed for `index`, if any. */
export function takeMessageKey(/** @type {ReceiverChain} */ chain, /** @type {number} */ index) {
  const i = chain.messageKeys.findIndex((k) => k.index === index);
  if (i < 0) return undefined;
  return chain.messageKeys.splice(i, 1)[0].seed;
}

export class SessionRecord {
  /** @param {SessionState | null} current @param {SessionState[]} previous newest first */
  constructor(current = null, previous = []) {
    this.current = current;
    this.previous = previous;
  }

  /** Makes `state` current, archiving the old current state (libsignal promote_state). */
  promoteState(/** @type {SessionState} */ state) {
    this.archiveCurrentState();
    this.current = state;
  }

  archiveCurrentState() {
    if (!this.current) return;
    if (this.previous.length >= ARCHIVED_STATES_MAX_LENGTH) this.previous.pop();
    this.current.pendingPreKey = null;
    this.previous.unshift(this.current);
    this.current = null;
  }

  /** Replaces previous state `index` by `updated` and makes it current. */
  promoteOldSession(/** @type {number} */ index, /** @type {SessionState} */ updated) {
    this.previous.splice(index, 1);
    this.promoteState(updated);
  }

  /** True if a state with this version and Alice base key exists; an archived one is promoted. */
  promoteMatchingSession(/** @type {number} */ version, /** @type {Uint8Array} */ aliceBaseKey) {
    const matches = (/** @type {SessionState} */ s) => s.version === version && equalBytes(s.aliceBaseKey, aliceBaseKey);
    if (this.current && matches(this.current)) return true;
    const i = this.previous.findIndex(matches);
    if (i < 0) return false;
    this.promoteOldSession(i, this.previous[i]);
    return true;
  }

  clone() {
    return new SessionRecord(
      this.current && structuredClone(this.current),
      this.previous.map((s) => structuredClone(s)),
    );
  }

  /** A JSON-safe object (bytes as standard base64); format version 1. */
  toJSON() {
    return { format: 1, current: this.current && stateToJson(this.current), previous: this.previous.map(stateToJson) };
  }

  /** @param {any} json */
  static fromJSON(json) {
    if (!json || json.format !== 1) throw new TypeError('unknown session record format');
    return new SessionRecord(json.current && stateFromJson(json.current), json.previous.map(stateFromJson));
  }

  serialize() {
    return JSON.stringify(this.toJSON());
  }

  static deserialize(/** @type {string} */ text) {
    return SessionRecord.fromJSON(JSON.parse(text));
  }
}

const b = toBase64;
const u = fromBase64;
const chainToJson = (/** @type {ChainKey} */ c) => ({ key: b(c.key), index: c.index });
const chainFromJson = (/** @type {any} */ c) => ({ key: u(c.key), index: c.index });

/** @param {SessionState} s */
function stateToJson(s) {
  return {
    version: s.version,
    localIdentityKey: b(s.localIdentityKey),
    remoteIdentityKey: b(s.remoteIdentityKey),
    rootKey: b(s.rootKey),
    previousCounter: s.previousCounter,
    senderChain: {
      ratchetKey: { publicKey: b(s.senderChain.ratchetKey.publicKey), privateKey: b(s.senderChain.ratchetKey.privateKey) },
      chainKey: chainToJson(s.senderChain.chainKey),
    },
    receiverChains: s.receiverChains.map((c) => ({
      ratchetKey: b(c.ratchetKey),
      chainKey: chainToJson(c.chainKey),
      messageKeys: c.messageKeys.map((k) => ({ index: k.index, seed: b(k.seed) })),
    })),
    pendingPreKey: s.pendingPreKey && {
      ...s.pendingPreKey,
      baseKey: b(s.pendingPreKey.baseKey),
      kyberCiphertext: b(s.pendingPreKey.kyberCiphertext),
    },
    localRegistrationId: s.localRegistrationId,
    remoteRegistrationId: s.remoteRegistrationId,
    aliceBaseKey: b(s.aliceBaseKey),
  };
}

/** @param {any} j @returns {SessionState} */
function stateFromJson(j) {
  return {
    version: j.version,
    localIdentityKey: u(j.localIdentityKey),
    remoteIdentityKey: u(j.remoteIdentityKey),
    rootKey: u(j.rootKey),
    previousCounter: j.previousCounter,
    senderChain: {
      ratchetKey: { publicKey: u(j.senderChain.ratchetKey.publicKey), privateKey: u(j.senderChain.ratchetKey.privateKey) },
      chainKey: chainFromJson(j.senderChain.chainKey),
    },
    receiverChains: j.receiverChains.map((/** @type {any} */ c) => ({
      ratchetKey: u(c.ratchetKey),
      chainKey: chainFromJson(c.chainKey),
      messageKeys: c.messageKeys.map((/** @type {any} */ k) => ({ index: k.index, seed: u(k.seed) })),
    })),
    pendingPreKey: j.pendingPreKey && {
      ...j.pendingPreKey,
      baseKey: u(j.pendingPreKey.baseKey),
      kyberCiphertext: u(j.pendingPreKey.kyberCiphertext),
    },
    localRegistrationId: j.localRegistrationId,
    remoteRegistrationId: j.remoteRegistrationId,
    aliceBaseKey: u(j.aliceBaseKey),
  };
}
