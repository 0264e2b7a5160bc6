// Does libsignal 0.86.5 require the sparse post-quantum ratchet (SPQR, SignalMessage field 5
// `pq_ratchet`) from its peers? It does not: it offers SPQR and, when the peer answers without it,
// falls back to the plain Double Ratchet (spqr::initial_state with min_version V0 in ratchet.rs; the
// Java and Node bridges only require a non-stale session). These tests pin that behaviour so a
// libsignal upgrade that starts requiring SPQR fails here first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePreKeySignalMessage, parseSignalMessage } from '../src/signal/messages.js';
import { JsDevice } from './support/js-device.js';
import { ReferenceDevice } from './support/reference-device.js';

const enc = (s) => new TextEncoder().encode(s);
const pqLength = (c) => (c.type === 3 ? parsePreKeySignalMessage(c.body).message : parseSignalMessage(c.body)).pqRatchet.length;

async function pingPong(alice, bob, rounds) {
  const lengths = { alice: [], bob: [] };
  for (let r = 0; r < rounds; r++) {
    const a = await alice.encrypt(bob, enc(`a${r}`));
    lengths.alice.push(pqLength(a));
    await bob.decrypt(alice, a);
    const b = await bob.encrypt(alice, enc(`b${r}`));
    lengths.bob.push(pqLength(b));
    await alice.decrypt(bob, b);
  }
  return lengths;
}

describe('sparse post-quantum ratchet (SPQR) negotiation', () => {
  it('the reference offers SPQR in its first message and drops it after a JS peer answers without it', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new JsDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    const { alice: sent, bob: answered } = await pingPong(alice, bob, 6);
    assert.ok(sent[0] > 0, 'first message carries pq_ratchet');
    assert.deepEqual(sent.slice(1), [0, 0, 0, 0, 0]);
    assert.deepEqual(answered, Array(6).fill(0));
  });

  it('the reference accepts a JS initiator that never sends SPQR, and answers without it', async () => {
    const alice = new JsDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    const { bob: answered } = await pingPong(alice, bob, 6);
    assert.deepEqual(answered, Array(6).fill(0));
  });

  it('two references keep SPQR on, so the fallback above is a negotiation and not an absence of SPQR', async () => {
    const alice = new ReferenceDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    const { alice: sent, bob: answered } = await pingPong(alice, bob, 4);
    assert.ok(sent.every((n) => n > 0));
    assert.ok(answered.every((n) => n > 0));
  });
});
