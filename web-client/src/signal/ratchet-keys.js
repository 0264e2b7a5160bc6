// The Double Ratchet key schedule of libsignal (rust/protocol/src/ratchet.rs, ratchet/keys.rs).
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './bytes.js';
import { calculateAgreement } from './curve.js';

const PQXDH_LABEL = utf8('WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024');
const RATCHET_LABEL = utf8('WhisperRatchet');
const MESSAGE_KEYS_LABEL = utf8('WhisperMessageKeys');
const MESSAGE_KEY_SEED = Uint8Array.of(0x01);
const CHAIN_KEY_SEED = Uint8Array.of(0x02);

/**
 * PQXDH output → root key, first chain key, and the SPQR auth key (unused while SPQR is deferred).
 * @param {Uint8Array} secretInput 0xFF×32 ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4] ‖ Kyber shared secret
 */
export function deriveInitialKeys(secretInput) {
  const okm = hkdf(sha256, secretInput, undefined, PQXDH_LABEL, 96);
  return { rootKey: okm.slice(0, 32), chainKey: okm.slice(32, 64), pqrKey: okm.slice(64, 96) };
}

/** @typedef {{key: Uint8Array, index: number}} ChainKey */

/** A new root key and chain key from a DH ratchet step. */
export function createChain(
  /** @type {Uint8Array} */ rootKey,
  /** @type {Uint8Array} */ theirRatchetKey,
  /** @type {Uint8Array} */ ourRatchetPrivateKey,
) {
  const shared = calculateAgreement(ourRatchetPrivateKey, theirRatchetKey);
  const okm = hkdf(sha256, shared, rootKey, RATCHET_LABEL, 64);
  return { rootKey: okm.slice(0, 32), chainKey: { key: okm.slice(32, 64), index: 0 } };
}

/** @param {ChainKey} chainKey @returns {ChainKey} */
export const nextChainKey = (chainKey) => ({ key: hmac(sha256, chainKey.key, CHAIN_KEY_SEED), index: chainKey.index + 1 });

/** The seed stored for a skipped message; expanded by `messageKeysFromSeed`. @param {ChainKey} chainKey */
export const messageKeySeed = (chainKey) => hmac(sha256, chainKey.key, MESSAGE_KEY_SEED);

/**
 * @param {Uint8Array} seed
 * @returns {{cipherKey: Uint8Array, macKey: Uint8Array, iv: Uint8Array}}
 */
export function messageKeysFromSeed(seed) {
  // libsignal salts this HKDF with the SPQR message key once SPQR is active; with a peer that does
  // not speak SPQR (the case here) there is no key and no salt.
  const okm = hkdf(sha256, seed, undefined, MESSAGE_KEYS_LABEL, 80);
  return { cipherKey: okm.slice(0, 32), macKey: okm.slice(32, 64), iv: okm.slice(64, 80) };
}
