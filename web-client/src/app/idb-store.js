// IndexedDB-backed implementations of the store interfaces in ../signal/stores.js, plus this device's
// account (identity key pair, registration id, server-assigned device id, key id counter). One database
// per signed-in user, so two users in one browser profile never share keys.
import { equalBytes, toHex } from '../signal/bytes.js';
import { SignalError } from '../signal/errors.js';
import { SessionRecord } from '../signal/session-record.js';

const VERSION = 1;
const STORES = ['account', 'identities', 'sessions', 'preKeys', 'signedPreKeys', 'kyberPreKeys', 'kyberBaseKeys'];

/**
 * @typedef {import('../signal/curve.js').KeyPair} KeyPair
 * @typedef {{identityKeyPair: KeyPair, registrationId: number, deviceId: number | null, nextKeyId: number}} AccountRecord
 */

/** Promise of one IDBRequest. */
function done(/** @type {IDBRequest} */ request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class IdbProtocolStore {
  /**
   * Opens (creating if needed) the database of `user`.
   * @param {string} user
   * @param {IDBFactory} [factory]
   */
  static async open(user, factory = globalThis.indexedDB) {
    const request = factory.open(`hushcall:${user}`, VERSION);
    request.onupgradeneeded = () => {
      for (const name of STORES) {
        if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
      }
    };
    const db = /** @type {IDBDatabase} */ (await done(request));
    const store = new IdbProtocolStore(db);
    store.account = (await store.get('account', 'account')) ?? null;
    return store;
  }

  /** @param {IDBDatabase} db */
  constructor(db) {
    this.db = db;
    /** @type {AccountRecord | null} */
    this.account = null;
  }

  close() {
    this.db.close();
  }

  // Plumbing: one transaction per call. Callers that need several steps to be atomic serialize them.

  get(/** @type {string} */ storeName, /** @type {IDBValidKey} */ key) {
    return done(this.db.transaction(storeName).objectStore(storeName).get(key));
  }

  put(/** @type {string} */ storeName, /** @type {IDBValidKey} */ key, /** @type {any} */ value) {
    const tx = this.db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).put(value, key);
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  delete(/** @type {string} */ storeName, /** @type {IDBValidKey} */ key) {
    const tx = this.db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).delete(key);
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
    });
  }

  keys(/** @type {string} */ storeName) {
    return /** @type {Promise<IDBValidKey[]>} */ (done(this.db.transaction(storeName).objectStore(storeName).getAllKeys()));
  }

  // Account.

  /** @param {AccountRecord} account */
  async saveAccount(account) {
    await this.put('account', 'account', account);
    this.account = account;
  }

  /** Reserves `count` consecutive key ids (1..2^24, as libsignal's ids are u32 and the SDK's wrap there). */
  async reserveKeyIds(/** @type {number} */ count) {
    const account = this.requireAccount();
    const first = account.nextKeyId;
    await this.saveAccount({ ...account, nextKeyId: ((first + count - 1) % 0xffffff) + 1 });
    return Array.from({ length: count }, (_, i) => ((first - 1 + i) % 0xffffff) + 1);
  }

  requireAccount() {
    if (!this.account) throw new SignalError('unknown_identity', 'this browser holds no keys for the user yet');
    return this.account;
  }

  // IdentityKeyStore: trust on first use, then refuse a changed key until trustIdentity.

  async getIdentityKeyPair() {
    return this.requireAccount().identityKeyPair;
  }
  async getLocalRegistrationId() {
    return this.requireAccount().registrationId;
  }
  async saveIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key) {
    const old = /** @type {Uint8Array | undefined} */ (await this.get('identities', addr));
    await this.put('identities', addr, Uint8Array.from(key));
    return old !== undefined && !equalBytes(old, key);
  }
  /** The application's explicit acceptance of a (changed) identity key. */
  trustIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key) {
    return this.saveIdentity(addr, key);
  }
  async isTrustedIdentity(/** @type {string} */ addr, /** @type {Uint8Array} */ key, /** @type {string} */ _direction) {
    const old = /** @type {Uint8Array | undefined} */ (await this.get('identities', addr));
    return old === undefined || equalBytes(old, key);
  }
  async getIdentity(/** @type {string} */ addr) {
    return /** @type {Uint8Array | undefined} */ (await this.get('identities', addr)) ?? null;
  }

  // SessionStore.

  async loadSession(/** @type {string} */ addr) {
    const s = await this.get('sessions', addr);
    return s === undefined ? null : SessionRecord.deserialize(s);
  }
  storeSession(/** @type {string} */ addr, /** @type {SessionRecord} */ record) {
    return this.put('sessions', addr, record.serialize());
  }
  deleteSession(/** @type {string} */ addr) {
    return this.delete('sessions', addr);
  }
  /** Device ids of `user` this device has a session with, ascending. */
  async sessionDevices(/** @type {string} */ user) {
    const prefix = `${user}.`;
    return (await this.keys('sessions'))
      .map(String)
      .filter((k) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length)))
      .map((k) => Number(k.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  // PreKeyStore, SignedPreKeyStore, KyberPreKeyStore.

  addPreKey(/** @type {import('../signal/stores.js').PreKeyRecord} */ r) {
    return this.put('preKeys', r.keyId, r);
  }
  addSignedPreKey(/** @type {import('../signal/stores.js').SignedPreKeyRecord} */ r) {
    return this.put('signedPreKeys', r.keyId, r);
  }
  addKyberPreKey(/** @type {import('../signal/stores.js').KyberPreKeyRecord} */ r) {
    return this.put('kyberPreKeys', r.keyId, r);
  }
  async getPreKey(/** @type {number} */ id) {
    const r = await this.get('preKeys', id);
    if (!r) throw new SignalError('invalid_prekey_id', `no one-time prekey ${id}`);
    return r;
  }
  removePreKey(/** @type {number} */ id) {
    return this.delete('preKeys', id);
  }
  async getSignedPreKey(/** @type {number} */ id) {
    const r = await this.get('signedPreKeys', id);
    if (!r) throw new SignalError('invalid_signed_prekey_id', `no signed prekey ${id}`);
    return r;
  }
  async getKyberPreKey(/** @type {number} */ id) {
    const r = await this.get('kyberPreKeys', id);
    if (!r) throw new SignalError('invalid_kyber_prekey_id', `no Kyber prekey ${id}`);
    return r;
  }
  /**
   * One-time Kyber keys are deleted. A last-resort key stays, but each base key it served is remembered,
   * so a replayed first message (same base key) is refused, as the Java SDK's store does.
   */
  async markKyberPreKeyUsed(/** @type {number} */ id, /** @type {number} */ signedPreKeyId, /** @type {Uint8Array} */ baseKey) {
    const r = await this.get('kyberPreKeys', id);
    if (!r) return;
    if (!r.lastResort) {
      await this.delete('kyberPreKeys', id);
      return;
    }
    const key = `${id}:${signedPreKeyId}:${toHex(baseKey)}`;
    if ((await this.get('kyberBaseKeys', key)) !== undefined) {
      throw new SignalError('invalid_message', `a first message with this base key already used Kyber key ${id}`);
    }
    await this.put('kyberBaseKeys', key, true);
  }
}
