// Safety numbers: libsignal's NumericFingerprintGenerator (rust/protocol/src/fingerprint.rs).
// Hushcall uses version 2 with 5200 iterations and user ids as UTF-8 stable identifiers.
import { sha512 } from '@noble/hashes/sha2.js';
import { concat, utf8 } from './bytes.js';
import { checkPublicKey } from './curve.js';
import { encode } from './protobuf.js';

export const HUSHCALL_ITERATIONS = 5200;
export const HUSHCALL_FINGERPRINT_VERSION = 2;

function logicalFingerprint(/** @type {number} */ iterations, /** @type {Uint8Array} */ id, /** @type {Uint8Array} */ key) {
  if (iterations <= 1 || iterations > 1_000_000) throw new RangeError(`invalid iteration count ${iterations}`);
  checkPublicKey(key);
  // The leading 0x0000 is the hash's own version, independent of the scannable version.
  let buf = sha512(concat(Uint8Array.of(0, 0), key, id, key));
  for (let i = 1; i < iterations; i++) buf = sha512(concat(buf, key));
  return buf;
}

function displayChunks(/** @type {Uint8Array} */ fp) {
  let s = '';
  for (let i = 0; i < 30; i += 5) {
    let x = 0n;
    for (let j = i; j < i + 5; j++) x = (x << 8n) | BigInt(fp[j]);
    s += (x % 100000n).toString().padStart(5, '0');
  }
  return s;
}

/**
 * @param {{localId: string | Uint8Array, localKey: Uint8Array, remoteId: string | Uint8Array, remoteKey: Uint8Array,
 *   iterations?: number, version?: number}} p  ids as strings are UTF-8 encoded; keys are 33-byte identity keys
 * @returns {{displayString: string, scannable: Uint8Array}}  displayString: 60 digits, the same on both sides
 */
export function safetyNumber(p) {
  const iterations = p.iterations ?? HUSHCALL_ITERATIONS;
  const version = p.version ?? HUSHCALL_FINGERPRINT_VERSION;
  const asBytes = (/** @type {string | Uint8Array} */ id) => (typeof id === 'string' ? utf8(id) : id);
  const local = logicalFingerprint(iterations, asBytes(p.localId), p.localKey);
  const remote = logicalFingerprint(iterations, asBytes(p.remoteId), p.remoteKey);
  const a = displayChunks(local);
  const b = displayChunks(remote);
  return {
    displayString: a < b ? a + b : b + a,
    scannable: encode([
      [1, 'uint32', version],
      [2, 'bytes', encode([[1, 'bytes', local.subarray(0, 32)]])],
      [3, 'bytes', encode([[1, 'bytes', remote.subarray(0, 32)]])],
    ]),
  };
}
