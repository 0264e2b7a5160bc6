// Kyber1024 as libsignal 0.86.5 uses it (key type 0x08): the round-3 CRYSTALS-Kyber KEM, as in
// libcrux-ml-kem's `kyber1024`. Round-3 Kyber and ML-KEM (FIPS 203) share key formats and the
// IND-CPA core; the KEM differs in three places, bridged here on top of noble's ML-KEM:
//   - encapsulation hashes the random coin first (m = SHA3-256(coin)) and derives the shared secret
//     as SHAKE-256(K̄ ‖ SHA3-256(c)) instead of returning K̄;
//   - key generation seeds G(d) without the FIPS 203 domain byte — this only changes which key pair
//     a seed yields, not the key format, so any ML-KEM key pair is a valid Kyber key pair;
//   - implicit rejection of a malformed ciphertext yields a different pseudorandom secret. That only
//     happens for forged or corrupted ciphertexts and ends in a MAC failure either way.
// Tests prove byte-compatibility against libsignal and the crystals-kyber reference.
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { concat, randomBytes } from './bytes.js';
import { invalidKey, invalidMessage } from './errors.js';

export const KYBER1024_TYPE = 0x08;
export const PUBLIC_KEY_LENGTH = 1568;
export const SECRET_KEY_LENGTH = 3168;
export const CIPHERTEXT_LENGTH = 1568;

/** @typedef {{publicKey: Uint8Array, secretKey: Uint8Array}} KemKeyPair  both serialized with the 0x08 type byte */

/** @returns {KemKeyPair} */
export function generateKemKeyPair() {
  const { publicKey, secretKey } = ml_kem1024.keygen(randomBytes(64));
  return {
    publicKey: concat(Uint8Array.of(KYBER1024_TYPE), publicKey),
    secretKey: concat(Uint8Array.of(KYBER1024_TYPE), secretKey),
  };
}

function strip(/** @type {Uint8Array} */ bytes, /** @type {number} */ length, /** @type {string} */ what) {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw invalidKey(`empty ${what}`);
  if (bytes[0] !== KYBER1024_TYPE) throw invalidKey(`bad ${what} type 0x${bytes[0].toString(16)}`);
  if (bytes.length !== length + 1) throw invalidKey(`${what} must be ${length + 1} bytes, got ${bytes.length}`);
  return bytes.subarray(1);
}

export const checkKemPublicKey = (/** @type {Uint8Array} */ key) => (strip(key, PUBLIC_KEY_LENGTH, 'Kyber public key'), key);

/**
 * @param {Uint8Array} publicKey serialized (0x08 ‖ 1568 bytes)
 * @returns {{sharedSecret: Uint8Array, ciphertext: Uint8Array}} ciphertext serialized (0x08 ‖ 1568 bytes)
 */
export function encapsulate(publicKey, coin = randomBytes(32)) {
  const pk = strip(publicKey, PUBLIC_KEY_LENGTH, 'Kyber public key');
  // noble wipes some buffers it is handed; give it copies so stored keys stay intact.
  const { cipherText, sharedSecret: kBar } = ml_kem1024.encapsulate(Uint8Array.from(pk), sha3_256(coin));
  return {
    sharedSecret: shake256(concat(kBar, sha3_256(cipherText)), { dkLen: 32 }),
    ciphertext: concat(Uint8Array.of(KYBER1024_TYPE), cipherText),
  };
}

/** @param {Uint8Array} secretKey serialized @param {Uint8Array} ciphertext serialized */
export function decapsulate(secretKey, ciphertext) {
  const sk = strip(secretKey, SECRET_KEY_LENGTH, 'Kyber secret key');
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length !== CIPHERTEXT_LENGTH + 1 || ciphertext[0] !== KYBER1024_TYPE) {
    throw invalidMessage('bad Kyber ciphertext');
  }
  const ct = ciphertext.subarray(1);
  const kBar = ml_kem1024.decapsulate(Uint8Array.from(ct), Uint8Array.from(sk));
  return shake256(concat(kBar, sha3_256(ct)), { dkLen: 32 });
}
