#!/usr/bin/env node
// A JSON-lines driver of the JS Signal implementation, for cross-language interop tests (a Java test
// drives it to prove JS ↔ Java SDK interop). One JSON command per stdin line, one JSON answer per
// stdout line, in order. Commands are documented in web-client/README.md.
import { createInterface } from 'node:readline';
import * as H from '../src/signal/index.js';

/** @type {Map<string, {user: string, deviceId: number, identity: H.KeyPair, store: H.InMemoryProtocolStore, nextKeyId: number}>} */
const devices = new Map();

class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function device(/** @type {any} */ name) {
  const d = devices.get(String(name));
  if (!d) throw new CommandError('unknown_device', `no local device ${name}; create it first`);
  return d;
}

function checkAddress(/** @type {any} */ name) {
  if (typeof name !== 'string' || !/^.+\.\d+$/.test(name)) throw new CommandError('bad_command', `address must look like "user.deviceId", got ${JSON.stringify(name)}`);
  return name;
}

function signedJson(/** @type {{keyId: number, keyPair: {publicKey: Uint8Array}, signature: Uint8Array}} */ r) {
  return { keyId: r.keyId, publicKey: H.toBase64(r.keyPair.publicKey), signature: H.toBase64(r.signature) };
}

const commands = {
  /** {cmd:"create", device:"alice.1"} → {identityKey, registrationId} */
  create(c) {
    const name = checkAddress(c.device);
    if (devices.has(name)) throw new CommandError('device_exists', `device ${name} exists`);
    const identity = H.generateIdentityKeyPair();
    const registrationId = H.generateRegistrationId();
    const [, user, deviceId] = /** @type {RegExpMatchArray} */ (name.match(/^(.+)\.(\d+)$/));
    devices.set(name, { user, deviceId: Number(deviceId), identity, store: new H.InMemoryProtocolStore(identity, registrationId), nextKeyId: 1 });
    return { identityKey: H.toBase64(identity.publicKey), registrationId };
  },

  /** {cmd:"bundle", device, oneTimePreKey?=true, lastResortKyber?=false} → one GET /v1/keys device entry */
  bundle(c) {
    const d = device(c.device);
    const signed = H.generateSignedPreKey(d.identity, d.nextKeyId++);
    const kyber = H.generateKyberPreKey(d.identity, d.nextKeyId++, c.lastResortKyber === true);
    d.store.addSignedPreKey(signed);
    d.store.addKyberPreKey(kyber);
    const bundle = {
      deviceId: d.deviceId,
      registrationId: d.store.registrationId,
      identityKey: H.toBase64(d.identity.publicKey),
      signedPreKey: signedJson(signed),
      kyberPreKey: signedJson(kyber),
    };
    if (c.oneTimePreKey !== false) {
      const pre = H.generatePreKey(d.nextKeyId++);
      d.store.addPreKey(pre);
      bundle.preKey = { keyId: pre.keyId, publicKey: H.toBase64(pre.keyPair.publicKey) };
    }
    return { bundle };
  },

  /** {cmd:"registration", device, preKeys?=0, kyberPreKeys?=0} → the POST /v1/devices body */
  registration(c) {
    const d = device(c.device);
    const signedPreKey = H.generateSignedPreKey(d.identity, d.nextKeyId++);
    const kyberLastResortPreKey = H.generateKyberPreKey(d.identity, d.nextKeyId++, true);
    const preKeys = Array.from({ length: c.preKeys ?? 0 }, () => H.generatePreKey(d.nextKeyId++));
    const kyberPreKeys = Array.from({ length: c.kyberPreKeys ?? 0 }, () => H.generateKyberPreKey(d.identity, d.nextKeyId++));
    d.store.addSignedPreKey(signedPreKey);
    d.store.addKyberPreKey(kyberLastResortPreKey);
    preKeys.forEach((k) => d.store.addPreKey(k));
    kyberPreKeys.forEach((k) => d.store.addKyberPreKey(k));
    return {
      registration: H.registrationJson({
        identityKey: d.identity.publicKey,
        registrationId: d.store.registrationId,
        signedPreKey,
        kyberLastResortPreKey,
        preKeys,
        kyberPreKeys,
      }),
    };
  },

  /** {cmd:"startSession", device, peer:"bob.2", bundle:{…GET /v1/keys device entry}} → {} */
  async startSession(c) {
    const d = device(c.device);
    await H.processPreKeyBundle(H.bundleFromJson(c.bundle), checkAddress(c.peer), d.store);
    return {};
  },

  /** {cmd:"encrypt", device, peer, plaintext | plaintextBase64} → {cipherType, body} */
  async encrypt(c) {
    const d = device(c.device);
    const bytes = c.plaintextBase64 !== undefined ? H.fromBase64(c.plaintextBase64) : H.utf8(String(c.plaintext ?? ''));
    const out = await H.encrypt(bytes, checkAddress(c.peer), d.store);
    return { cipherType: out.type, body: H.toBase64(out.body) };
  },

  /** {cmd:"decrypt", device, peer, cipherType, body} → {plaintext, plaintextBase64} */
  async decrypt(c) {
    const d = device(c.device);
    const bytes = await H.decrypt({ type: c.cipherType, body: H.fromBase64(c.body) }, checkAddress(c.peer), d.store);
    return { plaintext: new TextDecoder('utf-8', { fatal: false }).decode(bytes), plaintextBase64: H.toBase64(bytes) };
  },

  /** {cmd:"trust", device, peer, identityKey} → {replaced}: accept a (changed) identity key */
  async trust(c) {
    const d = device(c.device);
    return { replaced: await d.store.trustIdentity(checkAddress(c.peer), H.fromBase64(c.identityKey)) };
  },

  /** {cmd:"safetyNumber", device, peer, peerIdentityKey?} → {safetyNumber}: 60 digits */
  async safetyNumber(c) {
    const d = device(c.device);
    const peer = checkAddress(c.peer);
    const remoteKey = c.peerIdentityKey ? H.fromBase64(c.peerIdentityKey) : await d.store.getIdentity(peer);
    if (!remoteKey) throw new CommandError('unknown_identity', `no identity key known for ${peer}`);
    const remoteUser = peer.slice(0, peer.lastIndexOf('.'));
    return { safetyNumber: H.safetyNumber({ localId: d.user, localKey: d.identity.publicKey, remoteId: remoteUser, remoteKey }).displayString };
  },
};

async function handle(/** @type {string} */ line) {
  /** @type {any} */
  let c;
  try {
    c = JSON.parse(line);
  } catch {
    return { ok: false, error: { code: 'bad_json', message: 'the line is not JSON' } };
  }
  const id = c?.id;
  try {
    const fn = Object.hasOwn(commands, c?.cmd) ? commands[c.cmd] : undefined;
    if (!fn) throw new CommandError('unknown_command', `unknown cmd ${JSON.stringify(c?.cmd)}; known: ${Object.keys(commands).join(', ')}`);
    return { id, ok: true, ...(await fn(c)) };
  } catch (e) {
    const code = e instanceof CommandError || e instanceof H.SignalError ? e.code : 'failed';
    return { id, ok: false, error: { code, message: String(e?.message ?? e) } };
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
let chain = Promise.resolve();
rl.on('line', (line) => {
  if (!line.trim()) return;
  // Strictly in order: a decrypt must see the session state the previous command left.
  chain = chain.then(async () => process.stdout.write(JSON.stringify(await handle(line)) + '\n'));
});
