// Version-4 SignalMessage and PreKeySignalMessage, as libsignal's protocol.rs frames them:
//   SignalMessage       = version byte ‖ protobuf ‖ 8-byte MAC
//   PreKeySignalMessage = version byte ‖ protobuf (whose `message` field is a whole SignalMessage)
// version byte = (message version << 4) | current version (4). MAC = HMAC-SHA256(macKey,
// sender identity ‖ receiver identity ‖ version byte ‖ protobuf), first 8 bytes.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equalBytes } from './bytes.js';
import { checkPublicKey } from './curve.js';
import { invalidMessage, SignalError } from './errors.js';
import { decode, encode } from './protobuf.js';

export const CURRENT_VERSION = 4;
export const PRE_KYBER_VERSION = 3;
export const MAC_LENGTH = 8;
/** libsignal CiphertextMessageType: Whisper = 2, PreKey = 3 (the `cipherType` of docs/protocol.md). */
export const WHISPER_TYPE = 2;
export const PREKEY_TYPE = 3;

/**
 * @typedef {object} SignalMessage
 * @property {number} messageVersion
 * @property {Uint8Array} senderRatchetKey 33 bytes
 * @property {number} counter
 * @property {number} previousCounter
 * @property {Uint8Array} ciphertext
 * @property {Uint8Array} pqRatchet  empty when the peer sent none (SPQR is not implemented here)
 * @property {Uint8Array} serialized
 */

function computeMac(
  /** @type {Uint8Array} */ senderIdentity,
  /** @type {Uint8Array} */ receiverIdentity,
  /** @type {Uint8Array} */ macKey,
  /** @type {Uint8Array} */ message,
) {
  if (macKey.length !== 32) throw new SignalError('invalid_state', 'MAC key must be 32 bytes');
  return hmac(sha256, macKey, concat(senderIdentity, receiverIdentity, message)).subarray(0, MAC_LENGTH);
}

/**
 * @param {{macKey: Uint8Array, senderRatchetKey: Uint8Array, counter: number, previousCounter: number,
 *   ciphertext: Uint8Array, senderIdentity: Uint8Array, receiverIdentity: Uint8Array, messageVersion?: number}} p
 * @returns {SignalMessage}
 */
export function createSignalMessage(p) {
  const messageVersion = p.messageVersion ?? CURRENT_VERSION;
  const body = encode([
    [1, 'bytes', p.senderRatchetKey],
    [2, 'uint32', p.counter],
    [3, 'uint32', p.previousCounter],
    [4, 'bytes', p.ciphertext],
  ]);
  const unsigned = concat(Uint8Array.of(((messageVersion & 0xf) << 4) | CURRENT_VERSION), body);
  const mac = computeMac(p.senderIdentity, p.receiverIdentity, p.macKey, unsigned);
  return {
    messageVersion,
    senderRatchetKey: p.senderRatchetKey,
    counter: p.counter,
    previousCounter: p.previousCounter,
    ciphertext: p.ciphertext,
    pqRatchet: new Uint8Array(0),
    serialized: concat(unsigned, mac),
  };
}

function checkVersion(/** @type {number} */ first) {
  const version = first >> 4;
  if (version < PRE_KYBER_VERSION) throw invalidMessage(`legacy ciphertext version ${version}`);
  if (version > CURRENT_VERSION) throw invalidMessage(`unrecognized ciphertext version ${version}`);
  return version;
}

/** @param {Map<number, number | Uint8Array>} f @param {number} n */
const bytesField = (f, n) => {
  const v = f.get(n);
  return v instanceof Uint8Array ? v : undefined;
};
/** @param {Map<number, number | Uint8Array>} f @param {number} n */
const uintField = (f, n) => {
  const v = f.get(n);
  return typeof v === 'number' ? v : undefined;
};

/** @param {Uint8Array} serialized @returns {SignalMessage} */
export function parseSignalMessage(serialized) {
  if (!(serialized instanceof Uint8Array) || serialized.length < MAC_LENGTH + 1) {
    throw invalidMessage('ciphertext message too short');
  }
  const messageVersion = checkVersion(serialized[0]);
  let f;
  try {
    f = decode(serialized.subarray(1, serialized.length - MAC_LENGTH));
  } catch {
    throw invalidMessage('invalid protobuf encoding');
  }
  const senderRatchetKey = bytesField(f, 1);
  const counter = uintField(f, 2);
  const ciphertext = bytesField(f, 4);
  if (!senderRatchetKey || counter === undefined || !ciphertext) throw invalidMessage('invalid protobuf encoding');
  try {
    checkPublicKey(senderRatchetKey);
  } catch {
    throw invalidMessage('invalid sender ratchet key');
  }
  return {
    messageVersion,
    senderRatchetKey,
    counter,
    previousCounter: uintField(f, 3) ?? 0,
    ciphertext,
    pqRatchet: bytesField(f, 5) ?? new Uint8Array(0),
    serialized: Uint8Array.from(serialized),
  };
}

/** @param {SignalMessage} m @param {Uint8Array} senderIdentity @param {Uint8Array} receiverIdentity @param {Uint8Array} macKey */
export function verifyMac(m, senderIdentity, receiverIdentity, macKey) {
  const unsigned = m.serialized.subarray(0, m.serialized.length - MAC_LENGTH);
  const ours = computeMac(senderIdentity, receiverIdentity, macKey, unsigned);
  return equalBytes(ours, m.serialized.subarray(m.serialized.length - MAC_LENGTH));
}

/**
 * @typedef {object} PreKeySignalMessage
 * @property {number} messageVersion
 * @property {number} registrationId
 * @property {number | undefined} preKeyId
 * @property {number} signedPreKeyId
 * @property {number | undefined} kyberPreKeyId
 * @property {Uint8Array | undefined} kyberCiphertext
 * @property {Uint8Array} baseKey
 * @property {Uint8Array} identityKey
 * @property {SignalMessage} message
 * @property {Uint8Array} serialized
 */

/**
 * @param {{registrationId: number, preKeyId?: number, signedPreKeyId: number, kyberPreKeyId: number,
 *   kyberCiphertext: Uint8Array, baseKey: Uint8Array, identityKey: Uint8Array, message: SignalMessage,
 *   messageVersion?: number}} p
 * @returns {PreKeySignalMessage}
 */
export function createPreKeySignalMessage(p) {
  const messageVersion = p.messageVersion ?? CURRENT_VERSION;
  // Field order follows libsignal's wire.proto declaration order, which prost encodes in.
  const body = encode([
    [5, 'uint32', p.registrationId],
    p.preKeyId === undefined ? null : [1, 'uint32', p.preKeyId],
    [6, 'uint32', p.signedPreKeyId],
    [7, 'uint32', p.kyberPreKeyId],
    [8, 'bytes', p.kyberCiphertext],
    [2, 'bytes', p.baseKey],
    [3, 'bytes', p.identityKey],
    [4, 'bytes', p.message.serialized],
  ]);
  return {
    messageVersion,
    registrationId: p.registrationId,
    preKeyId: p.preKeyId,
    signedPreKeyId: p.signedPreKeyId,
    kyberPreKeyId: p.kyberPreKeyId,
    kyberCiphertext: p.kyberCiphertext,
    baseKey: p.baseKey,
    identityKey: p.identityKey,
    message: p.message,
    serialized: concat(Uint8Array.of(((messageVersion & 0xf) << 4) | CURRENT_VERSION), body),
  };
}

/** @param {Uint8Array} serialized @returns {PreKeySignalMessage} */
export function parsePreKeySignalMessage(serialized) {
  if (!(serialized instanceof Uint8Array) || serialized.length === 0) throw invalidMessage('ciphertext message too short');
  const messageVersion = checkVersion(serialized[0]);
  let f;
  try {
    f = decode(serialized.subarray(1));
  } catch {
    throw invalidMessage('invalid protobuf encoding');
  }
  const baseKey = bytesField(f, 2);
  const identityKey = bytesField(f, 3);
  const message = bytesField(f, 4);
  const signedPreKeyId = uintField(f, 6);
  if (!baseKey || !identityKey || !message || signedPreKeyId === undefined) throw invalidMessage('invalid protobuf encoding');
  const kyberPreKeyId = uintField(f, 7);
  const kyberCiphertext = bytesField(f, 8);
  if ((kyberPreKeyId === undefined) !== (kyberCiphertext === undefined)) {
    throw invalidMessage('Both or neither kyber pre_key_id and kyber_ciphertext can be present');
  }
  if (kyberPreKeyId === undefined && messageVersion > PRE_KYBER_VERSION) {
    throw invalidMessage('Kyber pre key must be present for this session version');
  }
  try {
    checkPublicKey(baseKey);
    checkPublicKey(identityKey);
  } catch {
    throw invalidMessage('invalid key in PreKeySignalMessage');
  }
  return {
    messageVersion,
    registrationId: uintField(f, 5) ?? 0,
    preKeyId: uintField(f, 1),
    signedPreKeyId,
    kyberPreKeyId,
    kyberCiphertext,
    baseKey,
    identityKey,
    message: parseSignalMessage(message),
    serialized: Uint8Array.from(serialized),
  };
}
