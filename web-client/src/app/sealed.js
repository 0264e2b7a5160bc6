// The plaintext inside every payload (docs/protocol.md, "What a payload seals"), byte for byte as the
// Java SDK's SealedEnvelope writes it: {"v":1,"type":"call.offer","callId":"…","body":"…"}. Sealing the
// frame type and call id lets the receiver catch a server that moves a ciphertext into another call or
// frame type. Errors never quote the plaintext: it holds SDP and the peer's IP candidates.
import { HushcallError } from './errors.js';
import { ErrorCode } from './protocol.js';

export const SEALED_VERSION = 1;

/** @param {string} type @param {string} callId @param {string} body @returns {Uint8Array} */
export function seal(type, callId, body) {
  if (typeof body !== 'string') throw new TypeError('body must be a string');
  return new TextEncoder().encode(JSON.stringify({ v: SEALED_VERSION, type, callId, body }));
}

/**
 * The body sealed in `plaintext`, which arrived in `frame`; a `bad_payload` error when it is not a
 * version-1 envelope or was sealed for another frame type or call.
 * @param {Uint8Array} plaintext
 * @param {{type: string, callId: string, from: {user: string, deviceId: number}}} frame
 */
export function open(plaintext, frame) {
  const rejected = (/** @type {string} */ why) =>
    new HushcallError(ErrorCode.BAD_PAYLOAD, `dropped the payload from ${frame.from.user}.${frame.from.deviceId} in ${frame.type} of call ${frame.callId}: it ${why}`);
  /** @type {any} */
  let sealed;
  try {
    sealed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw rejected('is not a sealed envelope');
  }
  if (sealed === null || typeof sealed !== 'object' || sealed.v !== SEALED_VERSION) throw rejected(`is not a version ${SEALED_VERSION} envelope`);
  if (sealed.type !== frame.type) throw rejected('was sealed for another frame type');
  if (sealed.callId !== frame.callId) throw rejected('was sealed for another call');
  if (typeof sealed.body !== 'string') throw rejected('has no body');
  return /** @type {string} */ (sealed.body);
}
