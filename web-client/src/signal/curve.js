// Curve25519 keys as libsignal uses them: X25519 agreement, the 0x05-prefixed public key form and
// XEdDSA signatures (https://signal.org/docs/specifications/xeddsa/) with libsignal's twist: the
// Edwards sign bit travels in the top bit of the signature instead of being forced to 0
// (rust/core/src/curve/curve25519.rs).
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat, equalBytes, randomBytes } from './bytes.js';
import { invalidKey } from './errors.js';

export const DJB_TYPE = 0x05;

const Point = ed25519.Point;
const Fp = Point.Fp;
const Fn = Point.Fn;

/** Clamp as x25519 does, so stored private keys equal libsignal's serialized form. */
function clamp(/** @type {Uint8Array} */ key) {
  const k = Uint8Array.from(key);
  k[0] &= 248;
  k[31] &= 127;
  k[31] |= 64;
  return k;
}

/** @typedef {{publicKey: Uint8Array, privateKey: Uint8Array}} KeyPair  publicKey is 33 bytes (0x05 ‖ u), privateKey 32 */

/** @returns {KeyPair} */
export function generateKeyPair() {
  return keyPairFromPrivate(randomBytes(32));
}

/** @param {Uint8Array} privateKey 32 bytes @returns {KeyPair} */
export function keyPairFromPrivate(privateKey) {
  if (privateKey.length !== 32) throw invalidKey('private key must be 32 bytes');
  const priv = clamp(privateKey);
  return { privateKey: priv, publicKey: concat(Uint8Array.of(DJB_TYPE), x25519.getPublicKey(priv)) };
}

/** Checks libsignal's serialized public key form and returns the 32 raw bytes. */
export function rawPublicKey(/** @type {Uint8Array} */ publicKey) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length === 0) throw invalidKey('empty public key');
  if (publicKey[0] !== DJB_TYPE) throw invalidKey(`bad public key type 0x${publicKey[0].toString(16)}`);
  // libsignal accepts trailing bytes after the 32 key bytes for legacy reasons; we do not.
  if (publicKey.length !== 33) throw invalidKey(`public key must be 33 bytes, got ${publicKey.length}`);
  return publicKey.subarray(1);
}

/** Ensures the 33-byte form; throws invalid_key otherwise. */
export function checkPublicKey(/** @type {Uint8Array} */ publicKey) {
  rawPublicKey(publicKey);
  return publicKey;
}

/** libsignal's PublicKey::is_canonical: the u coordinate is reduced below p = 2^255 - 19. */
export function isCanonical(/** @type {Uint8Array} */ publicKey) {
  const u = bytesToNumberLE(rawPublicKey(publicKey));
  return u < Fp.ORDER;
}

/** X25519 agreement. @param {Uint8Array} privateKey @param {Uint8Array} publicKey 33-byte form */
export function calculateAgreement(privateKey, publicKey) {
  return x25519.getSharedSecret(privateKey, rawPublicKey(publicKey));
}

/** XEdDSA signature by an X25519 private key, byte-compatible with libsignal's calculate_signature. */
export function sign(/** @type {Uint8Array} */ privateKey, /** @type {Uint8Array} */ message) {
  const keyData = clamp(privateKey);
  const a = Fn.create(bytesToNumberLE(keyData));
  const edPublic = Point.BASE.multiply(a).toBytes();
  const signBit = edPublic[31] & 0x80;
  const prefix = new Uint8Array(32).fill(0xff);
  prefix[0] = 0xfe;
  const r = Fn.create(bytesToNumberLE(sha512(concat(prefix, keyData, message, randomBytes(64)))));
  const capR = Point.BASE.multiply(r).toBytes();
  const h = Fn.create(bytesToNumberLE(sha512(concat(capR, edPublic, message))));
  const s = Fn.add(Fn.mul(h, a), r);
  const signature = concat(capR, numberToBytesLE(s, 32));
  signature[63] = (signature[63] & 0x7f) | signBit;
  return signature;
}

/** Montgomery u → Edwards point with the given sign of x (curve25519-dalek MontgomeryPoint::to_edwards). */
function montgomeryToEdwards(/** @type {Uint8Array} */ u32, /** @type {number} */ signBit) {
  const u = Fp.create(bytesToNumberLE(u32) & ((1n << 255n) - 1n));
  if (Fp.eql(u, Fp.neg(Fp.ONE))) return null;
  const y = Fp.div(Fp.sub(u, Fp.ONE), Fp.add(u, Fp.ONE));
  const yBytes = numberToBytesLE(y, 32);
  yBytes[31] |= signBit << 7;
  try {
    return Point.fromBytes(yBytes);
  } catch {
    return null;
  }
}

/** Verifies an XEdDSA signature as libsignal's verify_signature does. */
export function verify(
  /** @type {Uint8Array} */ publicKey,
  /** @type {Uint8Array} */ message,
  /** @type {Uint8Array} */ signature,
) {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  let raw;
  try {
    raw = rawPublicKey(publicKey);
  } catch {
    return false;
  }
  const A = montgomeryToEdwards(raw, (signature[63] & 0x80) >> 7);
  if (A === null) return false;
  const capR = signature.subarray(0, 32);
  const sBytes = Uint8Array.from(signature.subarray(32));
  sBytes[31] &= 0x7f;
  if ((sBytes[31] & 0xe0) !== 0) return false;
  const h = Fn.create(bytesToNumberLE(sha512(concat(capR, A.toBytes(), message))));
  const s = Fn.create(bytesToNumberLE(sBytes));
  // R' = [s]B - [h]A, compared by encoding as curve25519-dalek does.
  const check = Point.BASE.multiplyUnsafe(s).add(A.multiplyUnsafe(h).negate());
  return equalBytes(check.toBytes(), capR);
}
