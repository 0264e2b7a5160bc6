// The signalling WebSocket (docs/protocol.md, "WebSocket /v1/ws"), with the Java SDK's
// WebSocketTransport as the reference: a fresh ticket per connection, reconnect with capped backoff,
// unacked client frames resent with their ids on every new connection, delivered frames handled one
// at a time in order, de-duplicated by id and acked after they were handled.
import { HushcallError } from './errors.js';
import { ClientFrame, ErrorCode, Limits, ServerFrame } from './protocol.js';

/** Close codes the client acts on (docs/protocol.md, "Close codes"). */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  /** The node drains (RFC 6455 "Service Restart"): reconnect at once, to any node. */
  SERVICE_RESTART: 1012,
  TICKET: 4401,
  /** This device connected again elsewhere: that socket is the live one, do not reconnect. */
  REPLACED: 4409,
  /** This device was deleted or registered again: its registration is void, do not reconnect with it. */
  REVOKED: 4410,
});

/** @typedef {'idle' | 'connecting' | 'open' | 'waiting' | 'closed' | 'replaced' | 'revoked'} SocketState */

/**
 * The subset of the browser WebSocket this class uses; tests pass a fake.
 * @typedef {{send(text: string): void, close(code?: number, reason?: string): void,
 *   onopen: ((ev: any) => void) | null, onmessage: ((ev: {data: any}) => void) | null,
 *   onclose: ((ev: {code: number, reason?: string}) => void) | null, onerror: ((ev: any) => void) | null}} WebSocketLike
 */

/**
 * @typedef {object} SocketOptions
 * @property {() => Promise<string>} socketUrl  fetches a fresh ticket; called once per connection
 * @property {(frame: any) => Promise<void> | void} onDelivered  a delivered frame, first time only; acked when it settles
 * @property {(state: SocketState) => void} [onStateChange]
 * @property {(error: Error) => void} [onError]  errors not tied to a sent frame
 * @property {new (url: string) => WebSocketLike} [WebSocketImpl]
 * @property {number} [ackTimeoutMs]
 * @property {number} [pingIntervalMs]
 * @property {number} [reconnectMinMs]
 * @property {number} [reconnectMaxMs]
 * @property {number} [rememberedIds]  delivered ids kept for de-duplication
 * @property {number} [ackDelayMs]  how long an ack waits for others to share its frame (`ack {refs}`)
 */

export class SignalSocket {
  /** @param {SocketOptions} options */
  constructor(options) {
    this.options = {
      WebSocketImpl: /** @type {any} */ (globalThis).WebSocket,
      ackTimeoutMs: 30_000,
      pingIntervalMs: 25_000,
      reconnectMinMs: 500,
      reconnectMaxMs: 30_000,
      rememberedIds: 4096,
      ackDelayMs: 20,
      onStateChange: () => {},
      onError: () => {},
      ...options,
    };
    /** @type {SocketState} */
    this.state = 'idle';
    /** @type {WebSocketLike | null} */
    this.ws = null;
    this.generation = 0;
    this.failedAttempts = 0;
    /** @type {Map<string, {text: string, resolve: (answer?: any) => void, reject: (e: Error) => void, timer: any}>} */
    this.pending = new Map();
    /** @type {Set<string>} insertion-ordered, trimmed to `rememberedIds` */
    this.seen = new Set();
    this.inbound = Promise.resolve();
    /** @type {string[]} delivered ids handled since the last ack frame */
    this.unacked = [];
    this.ackTimer = null;
    this.pingTimer = null;
    this.reconnectTimer = null;
    /** @type {{resolve: () => void, reject: (e: Error) => void, promise: Promise<void>}} */
    this.firstOpen = deferred();
    this.firstOpen.promise.catch(() => {});
  }

  /** Starts connecting; resolves when the first socket opens. Later drops reconnect on their own. */
  connect() {
    if (this.state === 'idle') this.startConnecting();
    return this.firstOpen.promise;
  }

  /**
   * Sends a client frame (it must carry an `id`); resolves on its `ack` (with nothing) or on the frame that answers
   * it in place of one (`turn.credentials` for `turn.request`), rejects with a HushcallError on its `error`. While the
   * socket is down the frame waits and goes out, with the same id, on reconnect.
   * @param {{id: string, type: string}} frame
   * @returns {Promise<any>}
   */
  send(frame) {
    if (this.isFinished()) {
      return Promise.reject(new HushcallError(ErrorCode.UNAVAILABLE, 'the signalling client is closed'));
    }
    const text = JSON.stringify(frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(frame.id);
        reject(new HushcallError(ErrorCode.UNAVAILABLE, `no answer to ${frame.type} within ${this.options.ackTimeoutMs} ms`));
      }, this.options.ackTimeoutMs);
      this.pending.set(frame.id, { text, resolve, reject, timer });
      if (this.state === 'open') this.ws?.send(text);
    });
  }

  /** Closes for good: pending frames fail, nothing reconnects. */
  close() {
    this.shutDown('closed', new HushcallError(ErrorCode.UNAVAILABLE, 'the signalling client is closed'));
  }

  /** Cuts the socket as a network drop would; a reconnect follows. For tests and the page's "reconnect". */
  drop() {
    const ws = this.ws;
    if (ws && this.state === 'open') {
      ws.onclose = ws.onmessage = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closing
      }
      this.connectionLost(this.generation);
    }
  }

  // Connection lifecycle. Every callback carries the generation it was started under; callbacks of an
  // older socket find a newer generation and do nothing.

  setState(/** @type {SocketState} */ state) {
    if (this.state !== state) {
      this.state = state;
      this.options.onStateChange(state);
    }
  }

  startConnecting() {
    this.setState('connecting');
    const gen = ++this.generation;
    this.openSocket(gen);
  }

  async openSocket(/** @type {number} */ gen) {
    let url;
    try {
      url = await this.options.socketUrl();
    } catch (e) {
      this.options.onError(/** @type {Error} */ (e));
      if (e instanceof HushcallError && (e.code === ErrorCode.UNAUTHORIZED || e.code === ErrorCode.UNKNOWN_DEVICE)) {
        // Retrying cannot help until the user signs in again.
        this.shutDown('closed', e);
        return;
      }
      this.connectionLost(gen);
      return;
    }
    if (gen !== this.generation) return;
    let ws;
    try {
      ws = new this.options.WebSocketImpl(url);
    } catch (e) {
      this.options.onError(/** @type {Error} */ (e));
      this.connectionLost(gen);
      return;
    }
    this.ws = ws;
    ws.onopen = () => this.opened(gen);
    ws.onmessage = (ev) => this.received(gen, String(ev.data));
    ws.onerror = () => {};
    ws.onclose = (ev) => this.closedByPeer(gen, ev.code);
  }

  opened(/** @type {number} */ gen) {
    if (gen !== this.generation || this.state !== 'connecting') return;
    this.setState('open');
    for (const p of this.pending.values()) this.ws?.send(p.text);
    this.schedulePing(gen);
    this.firstOpen.resolve();
  }

  closedByPeer(/** @type {number} */ gen, /** @type {number} */ code) {
    if (gen !== this.generation) return;
    if (code === CloseCode.REPLACED) {
      this.shutDown('replaced', new HushcallError(ErrorCode.UNAVAILABLE, 'this device connected again elsewhere'));
      return;
    }
    if (code === CloseCode.REVOKED) {
      const revoked = new HushcallError(ErrorCode.UNKNOWN_DEVICE, 'this device was deleted or registered again; register it anew');
      this.options.onError(revoked);
      this.shutDown('revoked', revoked);
      return;
    }
    // 1012 (node draining) reconnects at once; everything else backs off. A new ticket is fetched either way.
    this.connectionLost(gen, code === CloseCode.SERVICE_RESTART ? 0 : undefined);
  }

  connectionLost(/** @type {number} */ gen, /** @type {number | undefined} */ delayMs = undefined) {
    if (gen !== this.generation || this.isFinished()) return;
    this.generation++;
    this.ws = null;
    clearTimeout(this.pingTimer);
    this.setState('waiting');
    const delay = delayMs ?? this.backoff(this.failedAttempts++);
    this.reconnectTimer = setTimeout(() => {
      if (this.state === 'waiting') this.startConnecting();
    }, delay);
  }

  /** Capped exponential backoff with equal jitter, as the Java SDK's Backoff. */
  backoff(/** @type {number} */ attempt) {
    const ceiling = Math.min(this.options.reconnectMaxMs, this.options.reconnectMinMs * 2 ** Math.min(attempt, 20));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** Closed for good: by the app, by a newer connection, or because the device's registration was revoked. */
  isFinished() {
    return this.state === 'closed' || this.state === 'replaced' || this.state === 'revoked';
  }

  shutDown(/** @type {SocketState} */ state, /** @type {Error} */ error) {
    if (this.isFinished()) return;
    this.generation++;
    clearTimeout(this.pingTimer);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.ackTimer);
    const ws = this.ws;
    this.ws = null;
    this.setState(state);
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = null;
      try {
        ws.close(CloseCode.NORMAL, 'bye');
      } catch {
        // already closed
      }
    }
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    this.firstOpen.reject(error);
  }

  schedulePing(/** @type {number} */ gen) {
    this.pingTimer = setTimeout(() => {
      if (gen !== this.generation || this.state !== 'open') return;
      this.send({ type: ClientFrame.PING, id: `ping-${crypto.randomUUID()}` }).catch(() => {
        if (gen === this.generation) this.drop();
      });
      this.schedulePing(gen);
    }, this.options.pingIntervalMs);
  }

  received(/** @type {number} */ gen, /** @type {string} */ text) {
    if (gen !== this.generation) return;
    this.failedAttempts = 0;
    /** @type {any} */
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      // Never echo the frame: it may hold ciphertext.
      this.options.onError(new HushcallError(ErrorCode.BAD_JSON, 'unreadable server frame'));
      return;
    }
    if (frame.type === ServerFrame.ACK) {
      this.settle(frame.ref, null);
    } else if (frame.type === ServerFrame.TURN_CREDENTIALS) {
      this.settle(frame.ref, null, frame);
    } else if (frame.type === ServerFrame.ERROR) {
      const error = new HushcallError(frame.code, frame.message ?? frame.code, {
        missingDevices: frame.missingDevices,
        extraDevices: frame.extraDevices,
      });
      if (frame.ref != null && this.pending.has(frame.ref)) this.settle(frame.ref, error);
      else this.options.onError(error);
    } else if (typeof frame.id === 'string') {
      this.inbound = this.inbound.then(() => this.deliver(frame));
    }
  }

  settle(/** @type {string} */ ref, /** @type {Error | null} */ error, /** @type {any} */ answer = undefined) {
    const p = this.pending.get(ref);
    if (!p) return;
    this.pending.delete(ref);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(answer);
  }

  /** One delivered frame: handled once, acked after (or after failing: it would fail the same way again). */
  async deliver(/** @type {any} */ frame) {
    if (!this.seen.has(frame.id)) {
      this.seen.add(frame.id);
      if (this.seen.size > this.options.rememberedIds) this.seen.delete(this.seen.values().next().value);
      try {
        await this.options.onDelivered(frame);
      } catch (e) {
        this.options.onError(/** @type {Error} */ (e));
      }
    }
    this.acknowledge(frame.id);
  }

  /** Acks a handled frame together with the others handled within `ackDelayMs`: a burst costs one frame. */
  acknowledge(/** @type {string} */ id) {
    if (this.state !== 'open') return;
    this.unacked.push(id);
    if (this.unacked.length >= Limits.MAX_ACK_REFS) this.sendAcks();
    else if (!this.ackTimer) this.ackTimer = setTimeout(() => this.sendAcks(), this.options.ackDelayMs);
  }

  sendAcks() {
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    const refs = this.unacked.splice(0);
    // Acks lost with a socket are harmless: the server sends those frames again and they are de-duplicated.
    if (refs.length === 0 || this.state !== 'open') return;
    this.ws?.send(JSON.stringify(refs.length === 1 ? { type: ClientFrame.ACK, ref: refs[0] } : { type: ClientFrame.ACK, refs }));
  }
}

function deferred() {
  /** @type {any} */
  const d = {};
  d.promise = new Promise((resolve, reject) => {
    d.resolve = resolve;
    d.reject = reject;
  });
  return d;
}
