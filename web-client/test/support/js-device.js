// A device backed by this project's implementation, with the same surface as ReferenceDevice.
import * as H from '../../src/signal/index.js';

export class JsDevice {
  constructor(name, deviceId = 1) {
    this.name = name;
    this.deviceId = deviceId;
    this.identity = H.generateIdentityKeyPair();
    this.registrationId = H.generateRegistrationId();
    this.store = new H.InMemoryProtocolStore(this.identity, this.registrationId);
    this.nextKeyId = 1;
  }

  get identityKey() {
    return this.identity.publicKey;
  }

  async bundle({ oneTimePreKey = true, lastResortKyber = false } = {}) {
    const signed = H.generateSignedPreKey(this.identity, this.nextKeyId++);
    const kyber = H.generateKyberPreKey(this.identity, this.nextKeyId++, lastResortKyber);
    this.store.addSignedPreKey(signed);
    this.store.addKyberPreKey(kyber);
    const bundle = {
      registrationId: this.registrationId,
      deviceId: this.deviceId,
      identityKey: this.identityKey,
      signedPreKey: { keyId: signed.keyId, publicKey: signed.keyPair.publicKey, signature: signed.signature },
      kyberPreKey: { keyId: kyber.keyId, publicKey: kyber.keyPair.publicKey, signature: kyber.signature },
    };
    if (oneTimePreKey) {
      const pre = H.generatePreKey(this.nextKeyId++);
      this.store.addPreKey(pre);
      bundle.preKey = { keyId: pre.keyId, publicKey: pre.keyPair.publicKey };
    }
    return bundle;
  }

  address(peer) {
    return H.address(peer.name, peer.deviceId);
  }

  startSession(bundle, peer) {
    return H.processPreKeyBundle(bundle, this.address(peer), this.store);
  }

  encrypt(peer, plaintext) {
    return H.encrypt(plaintext, this.address(peer), this.store);
  }

  decrypt(peer, ciphertext) {
    return H.decrypt(ciphertext, this.address(peer), this.store);
  }
}
