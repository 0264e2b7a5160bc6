// A device backed by the reference implementation, @signalapp/libsignal-client (test-only, AGPL).
import * as S from '@signalapp/libsignal-client';

class RefIdentityStore extends S.IdentityKeyStore {
  constructor(identity, registrationId) {
    super();
    this.identity = identity;
    this.registrationId = registrationId;
    this.known = new Map();
  }
  async getIdentityKey() {
    return this.identity.privateKey;
  }
  async getLocalRegistrationId() {
    return this.registrationId;
  }
  async saveIdentity(name, key) {
    const k = name.toString();
    const old = this.known.get(k);
    this.known.set(k, key);
    return old && !old.serialize().every((b, i) => b === key.serialize()[i])
      ? S.IdentityChange.ReplacedExisting
      : S.IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity(name, key) {
    const old = this.known.get(name.toString());
    return !old || Buffer.from(old.serialize()).equals(Buffer.from(key.serialize()));
  }
  async getIdentity(name) {
    return this.known.get(name.toString()) ?? null;
  }
}

class RefSessionStore extends S.SessionStore {
  sessions = new Map();
  async saveSession(name, record) {
    this.sessions.set(name.toString(), record.serialize());
  }
  async getSession(name) {
    const s = this.sessions.get(name.toString());
    return s ? S.SessionRecord.deserialize(s) : null;
  }
  async getExistingSessions(addresses) {
    return addresses.map((a) => this.getSession(a));
  }
}

class RefPreKeyStore extends S.PreKeyStore {
  keys = new Map();
  async savePreKey(id, record) {
    this.keys.set(id, record.serialize());
  }
  async getPreKey(id) {
    const r = this.keys.get(id);
    if (!r) throw new Error(`no prekey ${id}`);
    return S.PreKeyRecord.deserialize(r);
  }
  async removePreKey(id) {
    this.keys.delete(id);
  }
}

class RefSignedPreKeyStore extends S.SignedPreKeyStore {
  keys = new Map();
  async saveSignedPreKey(id, record) {
    this.keys.set(id, record.serialize());
  }
  async getSignedPreKey(id) {
    return S.SignedPreKeyRecord.deserialize(this.keys.get(id));
  }
}

class RefKyberPreKeyStore extends S.KyberPreKeyStore {
  keys = new Map();
  used = [];
  async saveKyberPreKey(id, record) {
    this.keys.set(id, record.serialize());
  }
  async getKyberPreKey(id) {
    const r = this.keys.get(id);
    if (!r) throw new Error(`no kyber prekey ${id}`);
    return S.KyberPreKeyRecord.deserialize(r);
  }
  async markKyberPreKeyUsed(id) {
    this.used.push(id);
  }
}

export class ReferenceDevice {
  constructor(name, deviceId = 1) {
    this.name = name;
    this.deviceId = deviceId;
    this.identity = S.IdentityKeyPair.generate();
    this.registrationId = 1 + Math.floor(Math.random() * 16380);
    this.identityStore = new RefIdentityStore(this.identity, this.registrationId);
    this.sessionStore = new RefSessionStore();
    this.preKeyStore = new RefPreKeyStore();
    this.signedPreKeyStore = new RefSignedPreKeyStore();
    this.kyberPreKeyStore = new RefKyberPreKeyStore();
    this.nextKeyId = 1;
  }

  get identityKey() {
    return this.identity.publicKey.serialize();
  }

  /** A bundle (bytes, Hushcall REST shape) whose private halves this device keeps. */
  async bundle({ oneTimePreKey = true } = {}) {
    const signedId = this.nextKeyId++;
    const signedPriv = S.PrivateKey.generate();
    const signedSig = this.identity.privateKey.sign(signedPriv.getPublicKey().serialize());
    await this.signedPreKeyStore.saveSignedPreKey(
      signedId,
      S.SignedPreKeyRecord.new(signedId, Date.now(), signedPriv.getPublicKey(), signedPriv, signedSig),
    );
    const kyberId = this.nextKeyId++;
    const kem = S.KEMKeyPair.generate();
    const kyberSig = this.identity.privateKey.sign(kem.getPublicKey().serialize());
    await this.kyberPreKeyStore.saveKyberPreKey(kyberId, S.KyberPreKeyRecord.new(kyberId, Date.now(), kem, kyberSig));
    const bundle = {
      registrationId: this.registrationId,
      deviceId: this.deviceId,
      identityKey: this.identityKey,
      signedPreKey: { keyId: signedId, publicKey: signedPriv.getPublicKey().serialize(), signature: signedSig },
      kyberPreKey: { keyId: kyberId, publicKey: kem.getPublicKey().serialize(), signature: kyberSig },
    };
    if (oneTimePreKey) {
      const id = this.nextKeyId++;
      const priv = S.PrivateKey.generate();
      await this.preKeyStore.savePreKey(id, S.PreKeyRecord.new(id, priv.getPublicKey(), priv));
      bundle.preKey = { keyId: id, publicKey: priv.getPublicKey().serialize() };
    }
    return bundle;
  }

  address(peer) {
    return S.ProtocolAddress.new(peer.name, peer.deviceId);
  }

  async startSession(bundle, peer) {
    const b = S.PreKeyBundle.new(
      bundle.registrationId,
      bundle.deviceId,
      bundle.preKey ? bundle.preKey.keyId : null,
      bundle.preKey ? S.PublicKey.deserialize(bundle.preKey.publicKey) : null,
      bundle.signedPreKey.keyId,
      S.PublicKey.deserialize(bundle.signedPreKey.publicKey),
      bundle.signedPreKey.signature,
      S.PublicKey.deserialize(bundle.identityKey),
      bundle.kyberPreKey.keyId,
      S.KEMPublicKey.deserialize(bundle.kyberPreKey.publicKey),
      bundle.kyberPreKey.signature,
    );
    await S.processPreKeyBundle(b, this.address(peer), this.sessionStore, this.identityStore);
  }

  async encrypt(peer, plaintext) {
    const m = await S.signalEncrypt(plaintext, this.address(peer), this.sessionStore, this.identityStore);
    return { type: m.type(), body: m.serialize() };
  }

  async decrypt(peer, ciphertext) {
    const addr = this.address(peer);
    if (ciphertext.type === S.CiphertextMessageType.PreKey) {
      return S.signalDecryptPreKey(
        S.PreKeySignalMessage.deserialize(ciphertext.body),
        addr,
        this.sessionStore,
        this.identityStore,
        this.preKeyStore,
        this.signedPreKeyStore,
        this.kyberPreKeyStore,
      );
    }
    return S.signalDecrypt(S.SignalMessage.deserialize(ciphertext.body), addr, this.sessionStore, this.identityStore);
  }
}
