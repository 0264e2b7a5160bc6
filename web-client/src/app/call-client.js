// The signalling client: one browser device of one user. It registers the device's keys, keeps the
// socket open (./socket.js), seals every SDP and ICE candidate for each recipient device and hands the
// page decrypted, checked payloads. The Java SDK (signaling-client/README.md) is the reference for its
// behaviour: device_mismatch → fetch the missing devices' bundles and retry once under a new id; one-time prekeys refilled
// when a first message used one; a changed identity key refused until the user accepts it.
import * as H from '../signal/index.js';
import { HushcallApi } from './api.js';
import { DEFAULT_KEY_POLICY, ensureRegistered, refillIfNeeded } from './device-keys.js';
import { HushcallError } from './errors.js';
import { IdbProtocolStore } from './idb-store.js';
import { ClientFrame, EndReason, ErrorCode, ServerFrame } from './protocol.js';
import { open, seal } from './sealed.js';
import { SignalSocket } from './socket.js';

/**
 * @typedef {{user: string, deviceId: number}} DeviceAddress
 * @typedef {object} CallListener  every method optional
 * @property {(e: {from: DeviceAddress, callId: string, sdp: string}) => void} [onIncomingCall]
 * @property {(e: {from: DeviceAddress, callId: string, sdp: string}) => void} [onAnswer]
 * @property {(e: {from: DeviceAddress, callId: string, candidate: string}) => void} [onIce]
 * @property {(e: {from: DeviceAddress, callId: string, sdp: string}) => void} [onRenegotiate]
 * @property {(e: {callId: string, reason: string, by?: DeviceAddress}) => void} [onEnded]
 * @property {(error: Error) => void} [onError]
 * @property {(state: import('./socket.js').SocketState) => void} [onConnectionChanged]
 * @property {(contact: DeviceAddress) => void} [onIdentityKeyChanged]
 */

const REMEMBERED_CALLS = 1024;

/** Frame type of the delivered frames that carry a payload, and their listener method. */
const ROUTED = Object.freeze({
  [ServerFrame.OFFER]: 'onIncomingCall',
  [ServerFrame.ANSWER]: 'onAnswer',
  [ServerFrame.ICE]: 'onIce',
  [ServerFrame.RENEGOTIATE]: 'onRenegotiate',
});

export class CallClient {
  /**
   * Signs in as `user` on this browser: opens the user's key database and registers a device if it
   * holds none yet. The socket opens with {@link connect}.
   * @param {{baseUrl: string, user: string, token: () => string | Promise<string>, listener?: CallListener,
   *   indexedDB?: IDBFactory, WebSocketImpl?: any, fetch?: typeof fetch, keyPolicy?: typeof DEFAULT_KEY_POLICY}} o
   */
  static async signIn(o) {
    const api = new HushcallApi(o.baseUrl, o.token, o.fetch);
    const store = await IdbProtocolStore.open(o.user, o.indexedDB);
    await ensureRegistered(api, store, o.keyPolicy);
    return new CallClient({ ...o, api, store });
  }

  /**
   * @param {{user: string, api: HushcallApi, store: IdbProtocolStore, listener?: CallListener,
   *   WebSocketImpl?: any, keyPolicy?: typeof DEFAULT_KEY_POLICY}} o
   */
  constructor(o) {
    this.user = o.user;
    this.api = o.api;
    this.store = o.store;
    this.keyPolicy = o.keyPolicy ?? DEFAULT_KEY_POLICY;
    /** @type {CallListener} */
    this.listener = o.listener ?? {};
    /** @type {Map<string, {callId: string, role: 'caller' | 'callee', peerUser: string, peerDevices: Set<number>, answered: boolean, ended: boolean}>} */
    this.calls = new Map();
    /** @type {Map<string, Uint8Array>} new identity keys of contact devices, until the user accepts them */
    this.changedIdentities = new Map();
    /** Session state changes one step at a time (a ratchet step is load, change, store). */
    this.lock = Promise.resolve();
    this.refilling = false;
    this.socket = new SignalSocket({
      socketUrl: () => this.api.socketUrl(this.deviceId),
      onDelivered: (frame) => this.delivered(frame),
      onStateChange: (state) => {
        this.emit('onConnectionChanged', state);
        if (state === 'open') this.refillLater();
      },
      onError: (e) => this.emit('onError', e),
      ...(o.WebSocketImpl ? { WebSocketImpl: o.WebSocketImpl } : {}),
    });
  }

  get deviceId() {
    return /** @type {number} */ (this.store.requireAccount().deviceId);
  }

  /** @returns {DeviceAddress} */
  get address() {
    return { user: this.user, deviceId: this.deviceId };
  }

  /** Opens the socket; resolves when it is open. Drops reconnect on their own until {@link close}. */
  connect() {
    return this.socket.connect();
  }

  close() {
    this.socket.close();
    this.store.close();
  }

  // Calls.

  /** Rings every device of `user`. @returns {{callId: string, sent: Promise<void>}} */
  placeCall(/** @type {string} */ user, /** @type {string} */ sdp) {
    if (user === this.user) throw new HushcallError(ErrorCode.SELF_CALL, 'a device cannot call its own user');
    const callId = crypto.randomUUID();
    const call = { callId, role: /** @type {const} */ ('caller'), peerUser: user, peerDevices: new Set(), answered: false, ended: false };
    this.remember(call);
    const sent = this.sendSealed(call, ClientFrame.OFFER, sdp, async () => {
      await this.ensureSessions(user);
      return this.store.sessionDevices(user);
    }, (id, payloads) => ({ type: ClientFrame.OFFER, id, callId, to: user, payloads }));
    return { callId, sent };
  }

  answer(/** @type {string} */ callId, /** @type {string} */ sdp) {
    const call = this.live(callId);
    if (call.role !== 'callee') return Promise.reject(new HushcallError(ErrorCode.INVALID_STATE, `only the callee answers call ${callId}`));
    call.answered = true;
    return this.sendPayload(call, ClientFrame.ANSWER, sdp);
  }

  /** One trickled candidate: the JSON text of an RTCIceCandidateInit. */
  sendIce(/** @type {string} */ callId, /** @type {string} */ candidateJson) {
    return this.sendPayload(this.live(callId), ClientFrame.ICE, candidateJson);
  }

  /** A new offer (ICE restart) on an answered call, or the answer to one. */
  renegotiate(/** @type {string} */ callId, /** @type {string} */ sdp) {
    return this.sendPayload(this.live(callId), ClientFrame.RENEGOTIATE, sdp);
  }

  hangup(/** @type {string} */ callId) {
    return this.end(callId, ClientFrame.HANGUP, EndReason.HANGUP);
  }

  decline(/** @type {string} */ callId) {
    return this.end(callId, ClientFrame.DECLINE, EndReason.DECLINED);
  }

  busy(/** @type {string} */ callId) {
    return this.end(callId, ClientFrame.BUSY, EndReason.BUSY);
  }

  /**
   * Fresh TURN credentials: asked on the socket when it is open, which saves an HTTPS request before every call;
   * over REST otherwise.
   * @returns {Promise<import('./api.js').TurnCredentials>}
   */
  async turnCredentials() {
    if (this.socket.state !== 'open') return this.api.turnCredentials();
    const { username, password, ttl, uris } = await this.socket.send({ type: ClientFrame.TURN_REQUEST, id: crypto.randomUUID() });
    return { username, password, ttl, uris };
  }

  // Identity.

  /** The 60-digit safety number shared with a contact device, once its identity key is known; else null. */
  async safetyNumber(/** @type {DeviceAddress} */ contact) {
    const remoteKey = await this.store.getIdentity(H.address(contact.user, contact.deviceId));
    if (!remoteKey) return null;
    const { publicKey } = await this.store.getIdentityKeyPair();
    return H.safetyNumber({ localId: this.user, localKey: publicKey, remoteId: contact.user, remoteKey }).displayString;
  }

  /** This device's 30-digit half of every safety number it shares: what a contact sees as "yours". */
  async ownCode() {
    const { publicKey } = await this.store.getIdentityKeyPair();
    return H.safetyNumber({ localId: this.user, localKey: publicKey, remoteId: this.user, remoteKey: publicKey }).displayString.slice(0, 30);
  }

  /** Accepts the changed identity key of `contact` reported by onIdentityKeyChanged; false if none is pending. */
  trustIdentity(/** @type {DeviceAddress} */ contact) {
    const addr = H.address(contact.user, contact.deviceId);
    const key = this.changedIdentities.get(addr);
    if (!key) return Promise.resolve(false);
    this.changedIdentities.delete(addr);
    return this.exclusive(async () => {
      await this.store.trustIdentity(addr, key);
      await this.store.deleteSession(addr);
      return true;
    });
  }

  // Sending.

  /** @returns {any} */
  live(/** @type {string} */ callId) {
    const call = this.calls.get(callId);
    if (!call) throw new HushcallError(ErrorCode.UNKNOWN_CALL, `no call ${callId} on this device`);
    if (call.ended) throw new HushcallError(ErrorCode.CALL_ENDED, `call ${callId} is over`);
    return call;
  }

  sendPayload(/** @type {any} */ call, /** @type {string} */ type, /** @type {string} */ body) {
    return this.sendSealed(call, type, body, async () => [...call.peerDevices], (id, payloads) => ({ type, id, callId: call.callId, payloads }));
  }

  /**
   * Seals `body` once per device and sends the frame. Sealing and handing the frame to the socket happen
   * under the lock, so frames leave in the order they were asked for (an ICE candidate never overtakes its
   * offer, a hangup never overtakes a candidate). On device_mismatch the sessions of extra devices are
   * dropped, sessions for missing ones are built from their own fresh bundles, and the frame goes once more under a
   * new id (the refused id may be remembered by the server). Payloads for devices that stay are reused,
   * so their ratchets do not skip.
   * @param {any} call
   * @param {string} type
   * @param {string} body
   * @param {() => Promise<number[]>} devices  the recipient devices, asked under the lock
   * @param {(id: string, payloads: any[]) => any} frame
   */
  async sendSealed(call, type, body, devices, frame) {
    const plaintext = seal(type, call.callId, body);
    const transmit = (/** @type {Map<number, any>} */ payloads) => {
      if (payloads.size === 0) throw new HushcallError(ErrorCode.INVALID_STATE, `no device of ${call.peerUser} to send to`);
      if (call.role === 'caller' && !call.answered) call.peerDevices = new Set(payloads.keys());
      // Wrapped, so that the lock does not wait for the ack.
      return { payloads, acked: this.socket.send(frame(crypto.randomUUID(), [...payloads.values()])) };
    };
    let attempt = await this.exclusive(async () => transmit(await this.sealFor(call.peerUser, new Set(await devices()), plaintext, new Map())));
    try {
      await attempt.acked;
    } catch (e) {
      if (!(e instanceof HushcallError) || e.code !== ErrorCode.DEVICE_MISMATCH) throw e;
      const mismatch = e;
      attempt = await this.exclusive(async () => {
        const repaired = new Map(attempt.payloads);
        for (const extra of mismatch.extraDevices) {
          repaired.delete(extra);
          await this.store.deleteSession(H.address(call.peerUser, extra));
        }
        const added = await this.repairSessions(call.peerUser, mismatch.missingDevices);
        return transmit(await this.sealFor(call.peerUser, added, plaintext, repaired));
      });
      await attempt.acked;
    }
  }

  async sealFor(/** @type {string} */ user, /** @type {Set<number>} */ devices, /** @type {Uint8Array} */ plaintext, /** @type {Map<number, any>} */ into) {
    for (const deviceId of [...devices].sort((a, b) => a - b)) {
      const addr = H.address(user, deviceId);
      try {
        const { type, body } = await H.encrypt(plaintext, addr, this.store);
        into.set(deviceId, { deviceId, cipherType: type, body: H.toBase64(body) });
      } catch (e) {
        throw this.translate(e, { user, deviceId });
      }
    }
    return into;
  }

  async ensureSessions(/** @type {string} */ user) {
    if ((await this.store.sessionDevices(user)).length === 0) await this.buildSessions(user, (await this.api.bundles(user)).devices);
  }

  /**
   * Builds sessions with the `missing` devices of `user`, each from its own bundle (GET /v1/keys/{user}/{deviceId}),
   * so the user's other devices keep their one-time prekeys. A device gone since the server named it
   * (`unknown_device`) is left out.
   * @returns {Promise<Set<number>>} the devices a session was built with
   */
  async repairSessions(/** @type {string} */ user, /** @type {number[]} */ missing) {
    /** @type {any[]} */
    const bundles = [];
    for (const deviceId of missing) {
      try {
        bundles.push(...(await this.api.bundle(user, deviceId)).devices.filter((/** @type {any} */ b) => b.deviceId === deviceId));
      } catch (e) {
        if (!(e instanceof HushcallError) || e.code !== ErrorCode.UNKNOWN_DEVICE) throw e;
      }
    }
    await this.buildSessions(user, bundles);
    return new Set(bundles.map((b) => b.deviceId));
  }

  /** Builds sessions with `user`'s devices from their bundles (JSON of GET /v1/keys). */
  async buildSessions(/** @type {string} */ user, /** @type {any[]} */ bundles) {
    /** @type {Error | null} */
    let changed = null;
    for (const json of bundles) {
      try {
        await H.processPreKeyBundle(H.bundleFromJson(json), H.address(user, json.deviceId), this.store);
      } catch (e) {
        const error = this.translate(e, { user, deviceId: json.deviceId });
        if (!(e instanceof H.UntrustedIdentityError)) throw error;
        changed ??= error;
      }
    }
    if (changed) throw changed;
  }

  end(/** @type {string} */ callId, /** @type {string} */ type, /** @type {string} */ reason) {
    // Through the lock, so a hangup never overtakes the frames asked for before it.
    const sent = this.exclusive(async () => ({ acked: this.socket.send({ type, id: crypto.randomUUID(), callId }) })).then((s) => s.acked);
    if (this.markEnded(callId)) this.emit('onEnded', { callId, reason });
    return sent;
  }

  // Receiving.

  async delivered(/** @type {any} */ frame) {
    if (frame.type === ServerFrame.ENDED) {
      if (this.markEnded(frame.callId)) this.emit('onEnded', { callId: frame.callId, reason: frame.reason, by: frame.by });
      return;
    }
    const method = ROUTED[/** @type {keyof typeof ROUTED} */ (frame.type)];
    if (!method) return;
    const from = /** @type {DeviceAddress} */ (frame.from);
    if (frame.payload?.deviceId !== this.deviceId) {
      throw new HushcallError(ErrorCode.BAD_PAYLOAD, `payload for device ${frame.payload?.deviceId} delivered to device ${this.deviceId}`);
    }
    const plaintext = await this.exclusive(async () => {
      try {
        return await H.decrypt({ type: frame.payload.cipherType, body: H.fromBase64(frame.payload.body) }, H.address(from.user, from.deviceId), this.store);
      } catch (e) {
        if (e instanceof H.SignalError && e.code === 'duplicate_message') return null; // a replay of one already opened
        throw this.translate(e, from, frame);
      }
    });
    if (plaintext === null) return;
    if (frame.payload.cipherType === H.PREKEY_TYPE) this.refillLater();
    const body = open(plaintext, frame);
    if (frame.type === ServerFrame.OFFER) {
      this.remember({ callId: frame.callId, role: 'callee', peerUser: from.user, peerDevices: new Set([from.deviceId]), answered: false, ended: false });
    } else if (frame.type === ServerFrame.ANSWER) {
      const call = this.calls.get(frame.callId);
      if (call) {
        call.answered = true;
        call.peerDevices = new Set([from.deviceId]);
      }
    }
    const key = frame.type === ServerFrame.ICE ? 'candidate' : 'sdp';
    this.emit(method, { from, callId: frame.callId, [key]: body });
  }

  // Plumbing.

  /** Runs `fn` after every session change queued before it. @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  exclusive(fn) {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => {});
    return run;
  }

  remember(/** @type {any} */ call) {
    this.calls.set(call.callId, call);
    if (this.calls.size > REMEMBERED_CALLS) this.calls.delete(this.calls.keys().next().value);
  }

  /** True when the call was not yet known to be over. */
  markEnded(/** @type {string} */ callId) {
    const call = this.calls.get(callId);
    if (!call || call.ended) return false;
    call.ended = true;
    return true;
  }

  /** A library error as a HushcallError; an untrusted identity is also reported to the listener. */
  translate(/** @type {any} */ e, /** @type {DeviceAddress} */ device, /** @type {any} */ frame = null) {
    if (e instanceof H.UntrustedIdentityError) {
      this.changedIdentities.set(H.address(device.user, device.deviceId), e.identityKey);
      this.emit('onIdentityKeyChanged', device);
      return new HushcallError('untrusted_identity', `the identity key of ${device.user}.${device.deviceId} changed; compare safety numbers`);
    }
    if (e instanceof HushcallError) return e;
    const where = frame ? `a payload from ${device.user}.${device.deviceId} in ${frame.type}` : `a session with ${device.user}.${device.deviceId}`;
    return new HushcallError(frame ? ErrorCode.BAD_PAYLOAD : (e?.code ?? 'failed'), `${where} failed: ${e?.code ?? e?.name ?? 'error'}`);
  }

  refillLater() {
    if (this.refilling) return;
    this.refilling = true;
    refillIfNeeded(this.api, this.store, this.keyPolicy)
      .catch((e) => this.emit('onError', e))
      .finally(() => {
        this.refilling = false;
      });
  }

  emit(/** @type {keyof CallListener} */ name, /** @type {any} */ event) {
    try {
      /** @type {any} */ (this.listener)[name]?.(event);
    } catch (e) {
      console.warn(`the listener's ${name} threw`, e);
    }
  }
}
