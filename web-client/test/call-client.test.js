// CallClient (the browser's signalling client) against a fake server and JS peer devices, and its
// IndexedDB store (fake-indexeddb): the Java SDK's behaviour is the reference.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { IDBFactory } from 'fake-indexeddb';
import * as H from '../src/signal/index.js';
import { CallClient } from '../src/app/call-client.js';
import { HushcallError } from '../src/app/errors.js';
import { ensureRegistered, refillIfNeeded } from '../src/app/device-keys.js';
import { IdbProtocolStore } from '../src/app/idb-store.js';
import { FakeWebSocket, until } from './support/fake-websocket.js';
import { JsDevice } from './support/js-device.js';

const POLICY = { refillBelow: 2, refillTo: 3 };
const json = (/** @type {Uint8Array} */ b) => H.toBase64(b);

/** The REST half of the service, faked: bundles are queued per test. */
class FakeApi {
  constructor() {
    /** @type {any[]} */
    this.bundleReplies = [];
    /** @type {any[]} */
    this.uploads = [];
    this.count = { preKeys: 100, kyberPreKeys: 100 };
    /** @type {Map<string, any>} one device's bundle by `user.deviceId`, handed out by bundle() */
    this.deviceBundles = new Map();
    /** @type {string[]} the devices whose bundle was asked for alone */
    this.deviceFetches = [];
  }
  async registerDevice(/** @type {any} */ registration) {
    this.registration = registration;
    return 1;
  }
  async socketUrl() {
    return 'ws://test/v1/ws?ticket=t';
  }
  async bundles() {
    return this.bundleReplies.shift();
  }
  async bundle(/** @type {string} */ user, /** @type {number} */ deviceId) {
    this.deviceFetches.push(`${user}.${deviceId}`);
    const bundle = this.deviceBundles.get(`${user}.${deviceId}`);
    if (!bundle) throw new HushcallError('unknown_device', `this user has no device ${deviceId}`, { status: 404 });
    return { user, devices: [bundle] };
  }
  async preKeyCount() {
    return this.count;
  }
  async uploadKeys(/** @type {number} */ _id, /** @type {any} */ body) {
    this.uploads.push(body);
  }
}

/** A bundle of a JsDevice in the JSON of GET /v1/keys. */
async function bundleJson(/** @type {JsDevice} */ d) {
  return H.bundleToJson(await d.bundle());
}

/** @type {CallClient[]} */
const clients = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

describe('call client', () => {
  it('retries an offer once under a new id after device_mismatch, reusing the payloads of devices that stay', async () => {
    const { client, api } = await withFakeApi();
    await client.connect();
    const bob1 = new JsDevice('bob', 1);
    const bob2 = new JsDevice('bob', 2);
    api.bundleReplies.push({ user: 'bob', devices: [await bundleJson(bob1)] });
    api.deviceBundles.set('bob.2', await bundleJson(bob2));

    const { callId, sent } = client.placeCall('bob', 'v=0 offer');
    const ws = FakeWebSocket.latest();
    await until(() => ws.sent.length === 1);
    const first = ws.sent[0];
    assert.deepEqual(first.payloads.map((/** @type {any} */ p) => p.deviceId), [1]);
    ws.deliver({ type: 'error', code: 'device_mismatch', message: 'bob has [1, 2]', ref: first.id, missingDevices: [2], extraDevices: [] });
    await until(() => ws.sent.length === 2);
    const second = ws.sent[1];
    assert.notEqual(second.id, first.id);
    assert.equal(second.to, 'bob');
    assert.deepEqual(second.payloads.map((/** @type {any} */ p) => p.deviceId), [1, 2]);
    assert.equal(second.payloads[0].body, first.payloads[0].body, 'device 1 keeps its ciphertext');
    assert.deepEqual(api.deviceFetches, ['bob.2'], 'only the missing device\'s bundle is fetched (and its prekeys spent)');
    ws.deliver({ type: 'ack', ref: second.id });
    await sent;

    const alice = { name: 'alice', deviceId: 1 };
    for (const [device, payload] of [[bob1, second.payloads[0]], [bob2, second.payloads[1]]]) {
      const plain = await device.decrypt(alice, { type: payload.cipherType, body: H.fromBase64(payload.body) });
      assert.deepEqual(JSON.parse(new TextDecoder().decode(plain)), { v: 1, type: 'call.offer', callId, body: 'v=0 offer' });
    }
  });

  it('leaves out a missing device that is gone by the time its bundle is fetched', async () => {
    const { client, api } = await withFakeApi();
    await client.connect();
    const bob1 = new JsDevice('bob', 1);
    api.bundleReplies.push({ user: 'bob', devices: [await bundleJson(bob1)] });

    const { sent } = client.placeCall('bob', 'v=0 offer');
    const ws = FakeWebSocket.latest();
    await until(() => ws.sent.length === 1);
    ws.deliver({ type: 'error', code: 'device_mismatch', message: 'bob has [1, 2]', ref: ws.sent[0].id, missingDevices: [2], extraDevices: [] });
    await until(() => ws.sent.length === 2);

    assert.deepEqual(api.deviceFetches, ['bob.2']);
    assert.deepEqual(ws.sent[1].payloads.map((/** @type {any} */ p) => p.deviceId), [1]);
    assert.equal(ws.sent[1].payloads[0].body, ws.sent[0].payloads[0].body);
    ws.deliver({ type: 'ack', ref: ws.sent[1].id });
    await sent;
  });

  it('opens a delivered answer, acks it after the listener ran, and drops one sealed for another call', async () => {
    /** @type {any[]} */
    const heard = [];
    const { client, api } = await withFakeApi({ onAnswer: (/** @type {any} */ e) => heard.push(e), onError: (/** @type {any} */ e) => heard.push(e.code) });
    await client.connect();
    const bob = new JsDevice('bob', 1);
    api.bundleReplies.push({ user: 'bob', devices: [await bundleJson(bob)] });
    const { callId, sent } = client.placeCall('bob', 'v=0 offer');
    const ws = FakeWebSocket.latest();
    await until(() => ws.sent.length === 1);
    ws.deliver({ type: 'ack', ref: ws.sent[0].id });
    await sent;
    const offer = ws.sent[0].payloads[0];
    const alice = { name: 'alice', deviceId: 1 };
    await bob.decrypt(alice, { type: offer.cipherType, body: H.fromBase64(offer.body) });

    const seal = async (/** @type {string} */ sealedCallId) => {
      const c = await bob.encrypt(alice, new TextEncoder().encode(JSON.stringify({ v: 1, type: 'call.answer', callId: sealedCallId, body: 'v=0 answer' })));
      return { deviceId: 1, cipherType: c.type, body: json(c.body) };
    };
    ws.deliver({ type: 'call.answer', id: 'd-1', callId, from: { user: 'bob', deviceId: 1 }, payload: await seal('c-another-call') });
    ws.deliver({ type: 'call.answer', id: 'd-2', callId, from: { user: 'bob', deviceId: 1 }, payload: await seal(callId) });
    const acked = () => ws.sent.filter((f) => f.type === 'ack').flatMap((/** @type {any} */ f) => f.refs ?? [f.ref]);
    await until(() => acked().length === 2);
    assert.deepEqual(acked(), ['d-1', 'd-2']);
    assert.equal(heard[0], 'bad_payload');
    assert.deepEqual(heard[1], { from: { user: 'bob', deviceId: 1 }, callId, sdp: 'v=0 answer' });
    assert.ok(await client.safetyNumber({ user: 'bob', deviceId: 1 }));
  });

  it('tells the page at once when it hangs up, sends the hangup after the offer, and ignores the end of unknown calls', async () => {
    /** @type {any[]} */
    const ended = [];
    const { client, api } = await withFakeApi({ onEnded: (/** @type {any} */ e) => ended.push(e) });
    await client.connect();
    const ws = FakeWebSocket.latest();
    ws.deliver({ type: 'call.ended', id: 'd-9', callId: 'c-unknown-1', reason: 'timeout' });
    await until(() => ws.sent.length === 1);
    assert.deepEqual(ended, [], 'an unknown call is not reported');

    api.bundleReplies.push({ user: 'bob', devices: [await bundleJson(new JsDevice('bob', 1))] });
    const { callId, sent } = client.placeCall('bob', 'v=0 offer');
    sent.catch(() => {}); // never acked here: the client closes first
    client.hangup(callId).catch(() => {});
    assert.deepEqual(ended, [{ callId, reason: 'hangup' }]);
    await until(() => ws.sent.length === 3);
    assert.deepEqual(ws.sent.slice(1).map((f) => f.type), ['call.offer', 'call.hangup']);
  });
});

describe('IndexedDB store', () => {
  it('keeps the account, identities and sessions across a reopen, and refuses a changed identity key', async () => {
    const factory = new IDBFactory();
    const store = await IdbProtocolStore.open('alice', factory);
    const identity = H.generateIdentityKeyPair();
    await store.saveAccount({ identityKeyPair: identity, registrationId: 42, deviceId: 3, nextKeyId: 1 });
    const bob = new JsDevice('bob', 1);
    await H.processPreKeyBundle(await bob.bundle(), 'bob.1', store);
    assert.deepEqual(await store.reserveKeyIds(2), [1, 2]);
    store.close();

    const again = await IdbProtocolStore.open('alice', factory);
    assert.equal(again.requireAccount().deviceId, 3);
    assert.deepEqual((await again.getIdentityKeyPair()).publicKey, identity.publicKey);
    assert.deepEqual(await again.sessionDevices('bob'), [1]);
    assert.deepEqual(await again.reserveKeyIds(1), [3]);
    assert.equal(await again.isTrustedIdentity('bob.1', H.generateIdentityKeyPair().publicKey, 'sending'), false);
    assert.equal(await again.isTrustedIdentity('bob.1', bob.identityKey, 'sending'), true);
    again.close();
  });

  it('refuses a second first message with the same base key on a last-resort Kyber key', async () => {
    const store = await IdbProtocolStore.open('alice', new IDBFactory());
    const identity = H.generateIdentityKeyPair();
    await store.saveAccount({ identityKeyPair: identity, registrationId: 42, deviceId: 1, nextKeyId: 1 });
    await store.addKyberPreKey(H.generateKyberPreKey(identity, 7, true));
    const base = H.generateKeyPair().publicKey;
    await store.markKyberPreKeyUsed(7, 1, base);
    await assert.rejects(store.markKyberPreKeyUsed(7, 1, base), (/** @type {any} */ e) => e.code === 'invalid_message');
    assert.ok(await store.getKyberPreKey(7), 'a last-resort key stays');
    store.close();
  });

  it('refills one-time keys of the kinds that fell below the threshold', async () => {
    const api = new FakeApi();
    const store = await IdbProtocolStore.open('alice', new IDBFactory());
    await store.saveAccount({ identityKeyPair: H.generateIdentityKeyPair(), registrationId: 42, deviceId: 1, nextKeyId: 1 });
    api.count = { preKeys: 1, kyberPreKeys: 5 };
    assert.equal(await refillIfNeeded(/** @type {any} */ (api), store, POLICY), true);
    assert.equal(api.uploads[0].preKeys.length, 2);
    assert.equal(api.uploads[0].kyberPreKeys, undefined);
    await store.getPreKey(api.uploads[0].preKeys[0].keyId);
    store.close();
  });
});

/** A client whose REST calls go to a FakeApi (registration included). */
async function withFakeApi(/** @type {any} */ listener = {}) {
  const api = new FakeApi();
  const store = await IdbProtocolStore.open('alice', new IDBFactory());
  await ensureRegistered(/** @type {any} */ (api), store, POLICY);
  const client = new CallClient({ user: 'alice', api: /** @type {any} */ (api), store, listener, WebSocketImpl: FakeWebSocket, keyPolicy: POLICY });
  clients.push(client);
  return { client, api };
}
