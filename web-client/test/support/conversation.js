// Drives a conversation between two devices with out-of-order and late delivery, checking every
// plaintext arrives intact exactly once.
import assert from 'node:assert/strict';

const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

/** Deterministic shuffle (mulberry32) so a failure reproduces. */
export function shuffle(items, seed) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Alice (who started the session) sends first. Each round one side sends `perRound` messages,
 * delivered shuffled; one message per round is held back and delivered two rounds later, after the
 * ratchet has turned. Returns counts and the ciphertext types seen.
 */
export async function converse(alice, bob, { rounds = 8, perRound = 6, seed = 1 } = {}) {
  const late = [];
  const types = { alice: [], bob: [] };
  let delivered = 0;
  for (let round = 0; round < rounds; round++) {
    const [from, to, who] = round % 2 === 0 ? [alice, bob, 'alice'] : [bob, alice, 'bob'];
    const batch = [];
    for (let i = 0; i < perRound; i++) {
      const text = `${who} round ${round} message ${i} ${'x'.repeat(i * 37)}`;
      const c = await from.encrypt(to, enc(text));
      types[who].push(c.type);
      batch.push({ from, to, text, c });
    }
    const order = shuffle(batch, seed * 1000 + round);
    const held = round < rounds - 2 ? order.pop() : undefined;
    for (const m of order) {
      assert.equal(dec(await m.to.decrypt(m.from, m.c)), m.text);
      delivered++;
    }
    if (held) late.push({ ...held, due: round + 2 });
    for (const m of late.filter((l) => l.due === round)) {
      assert.equal(dec(await m.to.decrypt(m.from, m.c)), m.text, 'late message decrypts after the ratchet turned');
      delivered++;
    }
  }
  for (const m of late.filter((l) => l.due >= rounds)) {
    assert.equal(dec(await m.to.decrypt(m.from, m.c)), m.text);
    delivered++;
  }
  assert.equal(delivered, rounds * perRound);
  return { delivered, types };
}
