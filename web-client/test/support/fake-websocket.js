// A WebSocket stand-in for SignalSocket tests: the test plays the server.
export class FakeWebSocket {
  /** @type {FakeWebSocket[]} every socket opened, newest last */
  static opened = [];

  constructor(/** @type {string} */ url) {
    this.url = url;
    /** @type {any[]} frames the client sent, parsed */
    this.sent = [];
    this.closed = false;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    FakeWebSocket.opened.push(this);
    queueMicrotask(() => this.onopen?.({}));
  }
  send(/** @type {string} */ text) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.closed = true;
  }
  /** The server sends `frame`. */
  deliver(/** @type {any} */ frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** The server closes with `code`. */
  serverClose(/** @type {number} */ code) {
    this.closed = true;
    this.onclose?.({ code });
  }
  static latest() {
    return FakeWebSocket.opened[FakeWebSocket.opened.length - 1];
  }
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `condition()` holds, for at most `ms`. */
export async function until(/** @type {() => any} */ condition, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await tick(5);
  }
}
