// Hushcall's Signal protocol library: libsignal-client 0.86.5 compatible (protocol version 4, PQXDH
// with Kyber1024, Double Ratchet). See web-client/README.md.
export * from './bytes.js';
export * from './errors.js';
export { DJB_TYPE, calculateAgreement, generateKeyPair, keyPairFromPrivate, sign, verify } from './curve.js';
export { KYBER1024_TYPE, decapsulate, encapsulate, generateKemKeyPair } from './kem.js';
export { PREKEY_TYPE, WHISPER_TYPE, parsePreKeySignalMessage, parseSignalMessage } from './messages.js';
export { SessionRecord } from './session-record.js';
export { processPreKeyBundle } from './session-builder.js';
export { decrypt, encrypt } from './session-cipher.js';
export * from './stores.js';
export * from './keys.js';
export * from './bundle.js';
export { safetyNumber } from './fingerprint.js';
