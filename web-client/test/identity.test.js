// A peer's changed identity key is refused until the application trusts it, on both sides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UntrustedIdentityError } from '../src/signal/errors.js';
import { JsDevice } from './support/js-device.js';
import { ReferenceDevice } from './support/reference-device.js';

const enc = (s) => new TextEncoder().encode(s);

describe('identity key trust', () => {
  it('a JS initiator refuses a bundle whose identity key changed until the new key is trusted', async () => {
    const alice = new JsDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('hi')));

    const reinstalled = new ReferenceDevice('bob'); // same address, new identity key
    const bundle = await reinstalled.bundle();
    await assert.rejects(alice.startSession(bundle, reinstalled), UntrustedIdentityError);
    await assert.rejects(alice.startSession(bundle, reinstalled), { code: 'untrusted_identity' });

    await alice.store.trustIdentity(alice.address(reinstalled), reinstalled.identityKey);
    await alice.startSession(bundle, reinstalled);
    assert.equal(new TextDecoder().decode(await reinstalled.decrypt(alice, await alice.encrypt(reinstalled, enc('again')))), 'again');
  });

  it('a JS responder refuses a PreKeySignalMessage from a changed identity at a known address', async () => {
    const bob = new JsDevice('bob');
    const alice = new ReferenceDevice('alice');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('hi')));

    const impostor = new ReferenceDevice('alice');
    await impostor.startSession(await bob.bundle(), bob);
    const forged = await impostor.encrypt(bob, enc('it is me, alice'));
    await assert.rejects(bob.decrypt(impostor, forged), UntrustedIdentityError);
    // The refused message changed nothing: the real Alice still gets through.
    assert.equal(new TextDecoder().decode(await bob.decrypt(alice, await alice.encrypt(bob, enc('still me')))), 'still me');
  });

  it('a JS sender refuses to encrypt once the trusted identity key for the address changed', async () => {
    const alice = new JsDevice('alice');
    const bob = new ReferenceDevice('bob');
    await alice.startSession(await bob.bundle(), bob);
    await alice.store.trustIdentity(alice.address(bob), new ReferenceDevice('x').identityKey);
    await assert.rejects(alice.encrypt(bob, enc('hi')), UntrustedIdentityError);
  });

  it('the reference refuses a JS device whose identity key changed, so the JS keys are what it checks', async () => {
    const bob = new ReferenceDevice('bob');
    const alice = new JsDevice('alice');
    await alice.startSession(await bob.bundle(), bob);
    await bob.decrypt(alice, await alice.encrypt(bob, enc('hi')));
    const impostor = new JsDevice('alice');
    await impostor.startSession(await bob.bundle(), bob);
    await assert.rejects(bob.decrypt(impostor, await impostor.encrypt(bob, enc('x'))), /untrusted/i);
  });
});
