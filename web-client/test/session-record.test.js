// Session state: survives a reload, refuses duplicates, forged MACs and absurd jumps without harm.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { address, InMemoryProtocolStore, SessionRecord } from '../src/signal/index.js';
import { parseSignalMessage } from '../src/signal/messages.js';
import { converse } from './support/conversation.js';
import { JsDevice } from './support/js-device.js';
import { ReferenceDevice } from './support/reference-device.js';

const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

/** Reloads every JS store from its serialized form, as a page reload with IndexedDB would. */
function reload(device) {
  const fresh = new InMemoryProtocolStore(device.identity, device.registrationId);
  for (const [k, v] of device.store.sessionStore.sessions) fresh.sessionStore.sessions.set(k, JSON.parse(JSON.stringify(v)));
  for (const [k, v] of device.store.known) fresh.known.set(k, v);
  fresh.preKeys = device.store.preKeys;
  fresh.signedPreKeys = device.store.signedPreKeys;
  fresh.kyberPreKeys = device.store.kyberPreKeys;
  device.store = fresh;
}

describe('session state', () => {
  it('a session serialized to JSON and reloaded mid-conversation keeps working with skipped keys', async () => {
    const alice = new JsDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await converse(alice, bob, { rounds: 3, perRound: 4, seed: 7 });
    const pending = [];
    for (let i = 0; i < 4; i++) pending.push(await bob.encrypt(alice, enc(`b${i}`)));
    assert.equal(dec(await alice.decrypt(bob, pending[3])), 'b3');
    reload(alice);
    const record = await alice.store.loadSession(address('bob', 1));
    assert.ok(SessionRecord.deserialize(record.serialize()).current.receiverChains.some((c) => c.messageKeys.length === 3));
    for (let i = 0; i < 3; i++) assert.equal(dec(await alice.decrypt(bob, pending[i])), `b${i}`);
    await converse(alice, bob, { rounds: 4, perRound: 4, seed: 8 });
  });

  it('a message delivered twice is refused the second time as a duplicate', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('first')));
    await alice.decrypt(bob, await bob.encrypt(alice, enc('ack')));
    const m = await alice.encrypt(bob, enc('once'));
    assert.equal(dec(await bob.decrypt(alice, m)), 'once');
    await assert.rejects(bob.decrypt(alice, m), { code: 'duplicate_message' });
  });

  it('a message with a forged MAC is refused and leaves the session able to decrypt the real one', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('first')));
    await alice.decrypt(bob, await bob.encrypt(alice, enc('ack')));
    const m = await alice.encrypt(bob, enc('genuine'));
    const forged = { type: m.type, body: Uint8Array.from(m.body) };
    forged.body[forged.body.length - 1] ^= 1;
    await assert.rejects(bob.decrypt(alice, forged), { code: 'invalid_message' });
    const body = Uint8Array.from(m.body);
    body[body.length - 12] ^= 1; // inside the ciphertext
    await assert.rejects(bob.decrypt(alice, { type: m.type, body }), { code: 'invalid_message' });
    assert.equal(dec(await bob.decrypt(alice, m)), 'genuine');
  });

  it('a message claiming a counter more than 25000 ahead is refused', async () => {
    const alice = new JsDevice('alice');
    const bob = new JsDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('first')));
    await alice.decrypt(bob, await bob.encrypt(alice, enc('ack')));
    const record = await alice.store.loadSession(alice.address(bob));
    record.current.senderChain.chainKey.index = 30_000;
    await alice.store.storeSession(alice.address(bob), record);
    const far = await alice.encrypt(bob, enc('far'));
    assert.equal(parseSignalMessage(far.body).counter, 30_000);
    await assert.rejects(bob.decrypt(alice, far), /too far into the future/);
  });

  it('an unknown session is reported as session_not_found', async () => {
    const alice = new JsDevice('alice');
    await assert.rejects(alice.encrypt(new JsDevice('bob'), enc('x')), { code: 'session_not_found' });
  });
});
