// The JSON-lines CLI that a Java test will drive, exercised here against the reference.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import * as S from '@signalapp/libsignal-client';
import { fileURLToPath } from 'node:url';
import { bundleFromJson, fromBase64, toBase64 } from '../src/signal/index.js';
import { converse } from './support/conversation.js';
import { ReferenceDevice } from './support/reference-device.js';

class CliClient {
  constructor() {
    this.proc = spawn(process.execPath, [fileURLToPath(new URL('../tools/interop.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.waiting = [];
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.waiting.shift()(JSON.parse(line)));
    this.nextId = 1;
  }
  send(command) {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(JSON.stringify({ id: `c${this.nextId++}`, ...command }) + '\n');
    });
  }
  async ok(command) {
    const r = await this.send(command);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    return r;
  }
  close() {
    this.proc.stdin.end();
  }
}

/** A device whose protocol runs in the CLI process, with the conversation helper's surface. */
class CliDevice {
  constructor(cli, name, deviceId) {
    Object.assign(this, { cli, name, deviceId, self: `${name}.${deviceId}` });
  }
  async create() {
    this.identityKey = fromBase64((await this.cli.ok({ cmd: 'create', device: this.self })).identityKey);
    return this;
  }
  async bundle(options = {}) {
    return bundleFromJson((await this.cli.ok({ cmd: 'bundle', device: this.self, ...options })).bundle);
  }
  async startSession(bundle, peer) {
    const json = { ...bundle, identityKey: toBase64(bundle.identityKey) };
    json.signedPreKey = { ...bundle.signedPreKey, publicKey: toBase64(bundle.signedPreKey.publicKey), signature: toBase64(bundle.signedPreKey.signature) };
    json.kyberPreKey = { ...bundle.kyberPreKey, publicKey: toBase64(bundle.kyberPreKey.publicKey), signature: toBase64(bundle.kyberPreKey.signature) };
    if (bundle.preKey) json.preKey = { keyId: bundle.preKey.keyId, publicKey: toBase64(bundle.preKey.publicKey) };
    await this.cli.ok({ cmd: 'startSession', device: this.self, peer: `${peer.name}.${peer.deviceId}`, bundle: json });
  }
  async encrypt(peer, plaintext) {
    const r = await this.cli.ok({ cmd: 'encrypt', device: this.self, peer: `${peer.name}.${peer.deviceId}`, plaintextBase64: toBase64(plaintext) });
    return { type: r.cipherType, body: fromBase64(r.body) };
  }
  async decrypt(peer, c) {
    const r = await this.cli.ok({ cmd: 'decrypt', device: this.self, peer: `${peer.name}.${peer.deviceId}`, cipherType: c.type, body: toBase64(c.body) });
    return fromBase64(r.plaintextBase64);
  }
}

describe('interop CLI (tools/interop.mjs)', () => {
  let cli;
  before(() => {
    cli = new CliClient();
  });
  after(() => cli.close());

  it('a CLI initiator and a reference responder converse through JSON commands', async () => {
    const alice = await new CliDevice(cli, 'alice', 1).create();
    const bob = new ReferenceDevice('bob', 1);
    await alice.startSession(await bob.bundle(), bob);
    await converse(alice, bob, { rounds: 6, perRound: 4, seed: 11 });
  });

  it('a reference initiator reaches a CLI responder from a bundle the CLI made without a one-time prekey', async () => {
    const bob = await new CliDevice(cli, 'bob', 2).create();
    const alice = new ReferenceDevice('alice', 3);
    await alice.startSession(await bob.bundle({ oneTimePreKey: false, lastResortKyber: true }), bob);
    await converse(alice, bob, { rounds: 6, perRound: 4, seed: 12 });
  });

  it('the CLI gives the reference safety number and a registration body in the REST shape', async () => {
    const carol = await new CliDevice(cli, 'carol', 1).create();
    const dave = new ReferenceDevice('dave', 1);
    const { safetyNumber } = await cli.ok({ cmd: 'safetyNumber', device: 'carol.1', peer: 'dave.1', peerIdentityKey: toBase64(dave.identityKey) });
    const ref = S.Fingerprint.new(5200, 2, Buffer.from('carol'), S.PublicKey.deserialize(carol.identityKey), Buffer.from('dave'), dave.identity.publicKey);
    assert.equal(safetyNumber, ref.displayableFingerprint().toString());
    const reg = (await cli.ok({ cmd: 'registration', device: 'carol.1', preKeys: 2, kyberPreKeys: 1 })).registration;
    assert.equal(reg.identityKey, toBase64(carol.identityKey));
    assert.equal(reg.preKeys.length, 2);
    assert.equal(fromBase64(reg.kyberLastResortPreKey.publicKey).length, 1569);
  });

  it('errors come back as JSON with a stable code, and the process keeps serving', async () => {
    assert.deepEqual((await cli.send({ cmd: 'nope' })).error.code, 'unknown_command');
    assert.deepEqual((await cli.send({ cmd: 'encrypt', device: 'nobody.1', peer: 'x.1', plaintext: 'a' })).error.code, 'unknown_device');
    await cli.ok({ cmd: 'create', device: 'erin.1' });
    assert.equal((await cli.send({ cmd: 'encrypt', device: 'erin.1', peer: 'frank.1', plaintext: 'a' })).error.code, 'session_not_found');
  });
});
