// PQXDH + Double Ratchet interop between this implementation and libsignal-client (the reference),
// in both directions, with every bundle shape the Hushcall key directory hands out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { converse } from './support/conversation.js';
import { JsDevice } from './support/js-device.js';
import { ReferenceDevice } from './support/reference-device.js';

const PREKEY = 3;
const WHISPER = 2;

const pairs = [
  ['a JS initiator', JsDevice, 'a reference responder', ReferenceDevice],
  ['a reference initiator', ReferenceDevice, 'a JS responder', JsDevice],
];
const bundles = [
  ['with a one-time EC prekey and a one-time Kyber prekey', { oneTimePreKey: true, lastResortKyber: false }],
  ['without a one-time EC prekey, with a one-time Kyber prekey', { oneTimePreKey: false, lastResortKyber: false }],
  ['with a one-time EC prekey and the last-resort Kyber prekey', { oneTimePreKey: true, lastResortKyber: true }],
  ['without a one-time EC prekey, with the last-resort Kyber prekey', { oneTimePreKey: false, lastResortKyber: true }],
];

describe('session interop with libsignal-client 0.86.x', () => {
  let seed = 1;
  for (const [aName, A, bName, B] of pairs) {
    for (const [shape, options] of bundles) {
      const s = seed++;
      it(`${aName} and ${bName} exchange 96 messages out of order from a bundle ${shape}`, async () => {
        const alice = new A('alice', 1);
        const bob = new B('bob', 2);
        await alice.startSession(await bob.bundle(options), bob);
        const { types } = await converse(alice, bob, { rounds: 16, perRound: 6, seed: s });
        // Until Bob's first reply arrives every message from Alice is a PreKeySignalMessage.
        assert.deepEqual(types.alice.slice(0, 6), Array(6).fill(PREKEY));
        assert.ok(types.alice.slice(6).every((t) => t === WHISPER));
        assert.ok(types.bob.every((t) => t === WHISPER));
      });
    }
  }

  it('a JS responder decrypts the first PreKeySignalMessages delivered in reverse order', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    const enc = new TextEncoder();
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await alice.encrypt(bob, enc.encode(`m${i}`)));
    for (let i = 4; i >= 0; i--) assert.equal(new TextDecoder().decode(await bob.decrypt(alice, sent[i])), `m${i}`);
  });

  it('a one-time EC prekey is consumed by the JS responder and a last-resort Kyber key is kept', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    const bundle = await bob.bundle({ oneTimePreKey: true, lastResortKyber: true });
    await alice.startSession(bundle, bob);
    await bob.decrypt(alice, await alice.encrypt(bob, new Uint8Array([1])));
    assert.equal(bob.store.preKeys.has(bundle.preKey.keyId), false);
    assert.equal(bob.store.kyberPreKeys.has(bundle.kyberPreKey.keyId), true);
  });

  it('a JS last-resort Kyber key serves several initiators and stays byte-for-byte intact', async () => {
    const bob = new JsDevice('bob');
    const bundle = await bob.bundle({ oneTimePreKey: false, lastResortKyber: true });
    const before = Uint8Array.from(bob.store.kyberPreKeys.get(bundle.kyberPreKey.keyId).keyPair.secretKey);
    for (let i = 0; i < 3; i++) {
      const alice = new ReferenceDevice(`alice${i}`);
      await alice.startSession(bundle, bob);
      await converse(alice, bob, { rounds: 2, perRound: 2, seed: 100 + i });
    }
    assert.deepEqual(bob.store.kyberPreKeys.get(bundle.kyberPreKey.keyId).keyPair.secretKey, before);
  });

  it('a one-time Kyber prekey is removed by the JS responder once used', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    const bundle = await bob.bundle({ lastResortKyber: false });
    await alice.startSession(bundle, bob);
    await bob.decrypt(alice, await alice.encrypt(bob, new Uint8Array([1])));
    assert.equal(bob.store.kyberPreKeys.has(bundle.kyberPreKey.keyId), false);
  });

  it('a new session from a fresh bundle replaces the old one on both sides', async () => {
    const alice = new JsDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await converse(alice, bob, { rounds: 4, perRound: 3, seed: 42 });
    await alice.startSession(await bob.bundle(), bob);
    const { types } = await converse(alice, bob, { rounds: 4, perRound: 3, seed: 43 });
    assert.equal(types.alice[0], PREKEY);
  });
});
