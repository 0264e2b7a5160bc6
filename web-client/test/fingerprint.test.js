// Safety numbers against libsignal's NumericFingerprintGenerator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as S from '@signalapp/libsignal-client';
import { fromHex } from '../src/signal/bytes.js';
import { generateKeyPair } from '../src/signal/curve.js';
import { safetyNumber } from '../src/signal/fingerprint.js';

describe('safety numbers', () => {
  it('match libsignal test vector for version 2 with 5200 iterations', () => {
    const alice = fromHex('0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868');
    const bob = fromHex('05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b');
    const fp = safetyNumber({ localId: '+14152222222', localKey: alice, remoteId: '+14153333333', remoteKey: bob });
    assert.equal(fp.displayString, '300354477692869396892869876765458257569162576843440918079131');
    assert.equal(
      Buffer.from(fp.scannable).toString('hex'),
      '080212220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d',
    );
  });

  it('equal libsignal for random identity keys and UTF-8 user ids, and read the same from both sides', () => {
    for (const [aliceId, bobId] of [['alice', 'bob'], ['zoë@example.org', 'björn'], ['7f3a9b2e-user', 'a']]) {
      const alice = generateKeyPair().publicKey;
      const bob = generateKeyPair().publicKey;
      const ours = safetyNumber({ localId: aliceId, localKey: alice, remoteId: bobId, remoteKey: bob });
      const ref = S.Fingerprint.new(5200, 2, Buffer.from(aliceId, 'utf8'), S.PublicKey.deserialize(alice), Buffer.from(bobId, 'utf8'), S.PublicKey.deserialize(bob));
      assert.equal(ours.displayString, ref.displayableFingerprint().toString());
      assert.match(ours.displayString, /^\d{60}$/);
      assert.deepEqual(Buffer.from(ours.scannable), Buffer.from(ref.scannableFingerprint().toBuffer()));
      const theirs = safetyNumber({ localId: bobId, localKey: bob, remoteId: aliceId, remoteKey: alice });
      assert.equal(theirs.displayString, ours.displayString);
    }
  });

  it('change when either identity key changes', () => {
    const alice = generateKeyPair().publicKey;
    const bob = generateKeyPair().publicKey;
    const before = safetyNumber({ localId: 'alice', localKey: alice, remoteId: 'bob', remoteKey: bob }).displayString;
    const after = safetyNumber({ localId: 'alice', localKey: alice, remoteId: 'bob', remoteKey: generateKeyPair().publicKey }).displayString;
    assert.notEqual(before, after);
  });
});
