// Store interfaces (async, so an IndexedDB implementation can follow) and in-memory implementations.
// They mirror libsignal's IdentityKeyStore, SessionStore, PreKeyStore, SignedPreKeyStore and
// KyberPreKeyStore. An address is libsignal's ProtocolAddress written as "name.deviceId".
import { equalBytes } from './bytes.js';
import { SessionRecord } from './session-record.js';
import { SignalError } from './errors.js';

/** @param {string} name @param {number} deviceId */
export const address = (name, deviceId) => `${name}.${deviceId}`;

export const Direction = Object.freeze({ SENDING: 'sending', RECEIVING: 'receiving' });

/**
 * @typedef {import('./curve.js').KeyPair} KeyPair
 * @typedef {import('./kem.js').KemKeyPair} KemKeyPair
 * @typedef {{keyId: number, keyPair: KeyPair}} PreKeyRecord
 * @typedef {{keyId: number, keyPair: KeyPair, signature: Uint8Array, timestamp: number}} SignedPreKeyRecord
 * @typedef {{keyId: number, keyPair: KemKeyPair, signature: Uint8Array, timestamp: number, lastResort: boolean}} KyberPreKeyRecord
 *
 * @typedef {object} IdentityKeyStore
 * @property {() => Promise<KeyPair>} getIdentityKeyPair
 * @property {() => Promise<number>} getLocalRegistrationId
 * @property {(address: string, identityKey: Uint8Array) => Promise<boolean>} saveIdentity  true if it replaced a different key
 * @property {(address: string, identityKey: Uint8Array, direction: string) => Promise<boolean>} isTrustedIdentity
 * @property {(address: string) => Promise<Uint8Array | null>} getIdentity
 *
 * @typedef {object} SessionStore
 * @property {(address: string) => Promise<SessionRecord | null>} loadSession
 * @property {(address: string, record: SessionRecord) => Promise<void>} storeSession
 *
 * @typedef {object} PreKeyStore
 * @property {(id: number) => Promise<PreKeyRecord>} getPreKey  throws invalid_prekey_id if absent
 * @property {(id: number) => Promise<void>} removePreKey
 *
 * @typedef {object} SignedPreKeyStore
 * @property {(id: number) => Promise<SignedPreKeyRecord>} getSignedPreKey
 *
 * @typedef {object} KyberPreKeyStore
 * @property {(id: number) => Promise<KyberPreKeyRecord>} getKyberPreKey
 * @property {(id: number, signedPreKeyId: number, baseKey: Uint8Array) => Promise<void>} markKyberPreKeyUsed
 *
 * @typedef {IdentityKeyStore & SessionStore & PreKeyStore & SignedPreKeyStore & KyberPreKeyStore} ProtocolStore
 */

/**
 * Trust on first use, then refuse a changed identity key until the application accepts it with
 * `trustIdentity` (after the user compared safety numbers), like libsignal's in-memory store with the
 * replacement step made explicit.
 */
export class InMemoryIdentityKeyStore {
  /** @param {KeyPair} identityKeyPair @param {number} registrationId */
  constructor(identityKeyPair, registrationId) {
    this.identityKeyPair = identityKeyPair;
    this.registrationId = registrationId;
    /** @type {Map<string, Uint8Array>} */
    this.known = new Map();
  }
  async getIdentityKeyPair() {
    return this.identityKeyPair;
  }
  async getLocalRegistrationId() {
    return this.registrationId;
  }
  async saveIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key) {
    const old = this.known.get(addr);
    this.known.set(addr, Uint8Array.from(key));
    return old !== undefined && !equalBytes(old, key);
  }
  /** The application's explicit acceptance of a (changed) identity key. */
  async trustIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key) {
    return this.saveIdentity(addr, key);
  }
  async isTrustedIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key, /** @type {string} */ _direction) {
    const old = this.known.get(addr);
    return old === undefined || equalBytes(old, key);
  }
  async getIdentity(/** @type {string} */ addr) {
    return this.known.get(addr) ?? null;
  }
}

export class InMemorySessionStore {
  constructor() {
    /** @type {Map<string, string>} serialized, so a loaded record never aliases a stored one */
    this.sessions = new Map();
  }
  async loadSession(/** @type {string} */ addr) {
    const s = this.sessions.get(addr);
    return s === undefined ? null : SessionRecord.deserialize(s);
  }
  async storeSession(/** @type {string} */ addr, /** @type {SessionRecord} */ record) {
    this.sessions.set(addr, record.serialize());
  }
}

/** Everything a device needs, in memory. Keys are added with the `add*` methods. */
export class InMemoryProtocolStore extends InMemoryIdentityKeyStore {
  /** @param {KeyPair} identityKeyPair @param {number} registrationId */
  constructor(identityKeyPair, registrationId) {
    super(identityKeyPair, registrationId);
    this.sessionStore = new InMemorySessionStore();
    /** @type {Map<number, PreKeyRecord>} */
    this.preKeys = new Map();
    /** @type {Map<number, SignedPreKeyRecord>} */
    this.signedPreKeys = new Map();
    /** @type {Map<number, KyberPreKeyRecord>} */
    this.kyberPreKeys = new Map();
  }
  loadSession(/** @type {string} */ addr) {
    return this.sessionStore.loadSession(addr);
  }
  storeSession(/** @type {string} */ addr, /** @type {SessionRecord} */ record) {
    return this.sessionStore.storeSession(addr, record);
  }
  addPreKey(/** @type {PreKeyRecord} */ r) {
    this.preKeys.set(r.keyId, r);
  }
  addSignedPreKey(/** @type {SignedPreKeyRecord} */ r) {
    this.signedPreKeys.set(r.keyId, r);
  }
  addKyberPreKey(/** @type {KyberPreKeyRecord} */ r) {
    this.kyberPreKeys.set(r.keyId, r);
  }
  async getPreKey(/** @type {number} */ id) {
    const r = this.preKeys.get(id);
    if (!r) throw new SignalError('invalid_prekey_id', `no one-time prekey ${id}`);
    return r;
  }
  async removePreKey(/** @type {number} */ id) {
    this.preKeys.delete(id);
  }
  async getSignedPreKey(/** @type {number} */ id) {
    const r = this.signedPreKeys.get(id);
    if (!r) throw new SignalError('invalid_signed_prekey_id', `no signed prekey ${id}`);
    return r;
  }
  async getKyberPreKey(/** @type {number} */ id) {
    const r = this.kyberPreKeys.get(id);
    if (!r) throw new SignalError('invalid_kyber_prekey_id', `no Kyber prekey ${id}`);
    return r;
  }
  /** One-time Kyber keys are deleted; a last-resort key stays (libsignal leaves this to the store). */
  async markKyberPreKeyUsed(/** @type {number} */ id, /** @type {number} */ _signedPreKeyId, /** @type {Uint8Array} */ _baseKey) {
    const r = this.kyberPreKeys.get(id);
    if (r && !r.lastResort) this.kyberPreKeys.delete(id);
  }
}
