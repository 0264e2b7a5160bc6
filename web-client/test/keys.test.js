// Curve25519 keys, XEdDSA and Kyber1024 against libsignal-client, and Kyber against crystals-kyber.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as S from '@signalapp/libsignal-client';
import { calculateAgreement, generateKeyPair, keyPairFromPrivate, sign, verify } from '../src/signal/curve.js';
import { decapsulate, encapsulate, generateKemKeyPair } from '../src/signal/kem.js';
import { randomBytes } from '../src/signal/bytes.js';

const same = (a, b) => assert.deepEqual(Buffer.from(a), Buffer.from(b));

describe('Curve25519 keys and XEdDSA', () => {
  it('a public key derived in JS equals libsignal serialized form (0x05 and 32 bytes) for the same private key', () => {
    for (let i = 0; i < 20; i++) {
      const k = generateKeyPair();
      assert.equal(k.publicKey.length, 33);
      assert.equal(k.publicKey[0], 0x05);
      const ref = S.PrivateKey.deserialize(k.privateKey);
      same(ref.getPublicKey().serialize(), k.publicKey);
      same(ref.serialize(), k.privateKey);
    }
  });

  it('an unclamped private key is clamped exactly as libsignal clamps it', () => {
    const raw = new Uint8Array(32).fill(0xff);
    same(keyPairFromPrivate(raw).privateKey, S.PrivateKey.deserialize(raw).serialize());
  });

  it('X25519 agreement in JS equals libsignal agreement', () => {
    for (let i = 0; i < 20; i++) {
      const ours = generateKeyPair();
      const theirs = S.PrivateKey.generate();
      same(calculateAgreement(ours.privateKey, theirs.getPublicKey().serialize()), theirs.agree(S.PublicKey.deserialize(ours.publicKey)));
    }
  });

  it('XEdDSA signatures made in JS verify in libsignal and libsignal signatures verify in JS', () => {
    for (let i = 0; i < 64; i++) {
      const k = generateKeyPair();
      const ref = S.PrivateKey.deserialize(k.privateKey);
      const message = randomBytes(i * 7);
      assert.ok(ref.getPublicKey().verify(message, sign(k.privateKey, message)), 'libsignal verifies a JS signature');
      assert.ok(verify(k.publicKey, message, ref.sign(message)), 'JS verifies a libsignal signature');
    }
  });

  it('a signature over another message, by another key, or altered in any byte is rejected by both', () => {
    const k = generateKeyPair();
    const other = generateKeyPair();
    const message = randomBytes(40);
    const sig = sign(k.privateKey, message);
    const refPub = S.PublicKey.deserialize(k.publicKey);
    assert.equal(verify(k.publicKey, randomBytes(40), sig), false);
    assert.equal(verify(other.publicKey, message, sig), false);
    for (const i of [0, 17, 31, 32, 50, 63]) {
      const bad = Uint8Array.from(sig);
      bad[i] ^= i === 63 ? 0x80 : 0x01;
      assert.equal(verify(k.publicKey, message, bad), false, `byte ${i}`);
      assert.equal(refPub.verify(message, bad), false, `reference, byte ${i}`);
    }
    assert.equal(verify(k.publicKey, message, sig.subarray(0, 63)), false);
  });
});

describe('Kyber1024 (libsignal key type 0x08)', () => {
  it('JS Kyber keys have libsignal serialized sizes and parse in libsignal', () => {
    const k = generateKemKeyPair();
    assert.equal(k.publicKey.length, 1569);
    assert.equal(k.secretKey.length, 3169);
    same(S.KEMPublicKey.deserialize(k.publicKey).serialize(), k.publicKey);
    same(S.KEMSecretKey.deserialize(k.secretKey).serialize(), k.secretKey);
  });

  it('JS encapsulation to a round-3 Kyber key from crystals-kyber decapsulates to the same secret there, and the reverse', () => {
    const require = createRequire(import.meta.url);
    const kyber = require('crystals-kyber');
    for (let i = 0; i < 5; i++) {
      const [pk, sk] = kyber.KeyGen1024();
      const { sharedSecret, ciphertext } = encapsulate(Uint8Array.of(0x08, ...pk));
      same(kyber.Decrypt1024(Array.from(ciphertext.subarray(1)), sk), sharedSecret);

      const ours = generateKemKeyPair();
      const [ct, ss] = kyber.Encrypt1024(Array.from(ours.publicKey.subarray(1)));
      same(decapsulate(ours.secretKey, Uint8Array.of(0x08, ...ct)), ss);
    }
  });

  it('a Kyber ciphertext of the wrong type or length is refused', () => {
    const k = generateKemKeyPair();
    const { ciphertext } = encapsulate(k.publicKey);
    assert.throws(() => decapsulate(k.secretKey, ciphertext.subarray(0, 100)), { code: 'invalid_message' });
    const wrongType = Uint8Array.from(ciphertext);
    wrongType[0] = 0x0a;
    assert.throws(() => decapsulate(k.secretKey, wrongType), { code: 'invalid_message' });
    assert.throws(() => encapsulate(k.publicKey.subarray(1)), { code: 'invalid_key' });
  });
});
