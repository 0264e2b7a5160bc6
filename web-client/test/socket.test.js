// SignalSocket against a fake server: the Java SDK's transport behaviour, frame by frame.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SignalSocket } from '../src/app/socket.js';
import { FakeWebSocket, tick, until } from './support/fake-websocket.js';

/** @type {SignalSocket[]} */
const sockets = [];
afterEach(() => sockets.splice(0).forEach((s) => s.close()));

function socket(/** @type {any} */ options = {}) {
  let tickets = 0;
  const s = new SignalSocket({
    socketUrl: async () => `ws://test/v1/ws?ticket=t${++tickets}`,
    onDelivered: () => {},
    WebSocketImpl: FakeWebSocket,
    reconnectMinMs: 5,
    reconnectMaxMs: 10,
    ...options,
  });
  sockets.push(s);
  return s;
}

describe('signalling socket', () => {
  it('resends an unacked frame with the same id on the next connection, with a fresh ticket', async () => {
    const s = socket();
    await s.connect();
    const first = FakeWebSocket.latest();
    const acked = s.send({ type: 'call.hangup', id: 'm-1', callId: 'c-12345678' });
    assert.deepEqual(first.sent.map((f) => f.id), ['m-1']);
    first.serverClose(1006);
    await until(() => FakeWebSocket.latest() !== first && s.state === 'open');
    const second = FakeWebSocket.latest();
    assert.notEqual(second.url, first.url);
    assert.deepEqual(second.sent.map((f) => f.id), ['m-1']);
    second.deliver({ type: 'ack', ref: 'm-1' });
    await acked;
  });

  it('handles a delivered frame once, in order, and acks it after the handler finished, each time it comes', async () => {
    /** @type {string[]} */
    const handled = [];
    const s = socket({
      onDelivered: async (/** @type {any} */ f) => {
        await tick(10);
        handled.push(f.id);
      },
    });
    await s.connect();
    const ws = FakeWebSocket.latest();
    ws.deliver({ type: 'call.ended', id: 'd-1', callId: 'c-12345678', reason: 'hangup' });
    ws.deliver({ type: 'call.ended', id: 'd-2', callId: 'c-87654321', reason: 'hangup' });
    assert.deepEqual(ws.sent, [], 'no ack before the handler finished');
    ws.deliver({ type: 'call.ended', id: 'd-1', callId: 'c-12345678', reason: 'hangup' });
    const acked = () => ws.sent.flatMap((/** @type {any} */ f) => (f.refs ?? [f.ref]));
    await until(() => acked().length === 3);
    assert.deepEqual(handled, ['d-1', 'd-2']);
    assert.ok(ws.sent.every((/** @type {any} */ f) => f.type === 'ack'));
    assert.deepEqual(acked(), ['d-1', 'd-2', 'd-1']);
  });

  it('acknowledges a burst of delivered frames in one ack', async () => {
    const s = socket();
    await s.connect();
    const ws = FakeWebSocket.latest();
    for (const id of ['i-1', 'i-2', 'i-3']) ws.deliver({ type: 'call.ice', id, callId: 'c-12345678' });
    await until(() => ws.sent.length === 1);
    await tick(50);
    assert.deepEqual(ws.sent, [{ type: 'ack', refs: ['i-1', 'i-2', 'i-3'] }]);
  });

  it('resolves a turn.request with the turn.credentials frame that answers it', async () => {
    const s = socket();
    await s.connect();
    const ws = FakeWebSocket.latest();
    const answered = s.send({ type: 'turn.request', id: 't-1' });
    const credentials = { type: 'turn.credentials', ref: 't-1', username: '1767225600:abc', password: 'cHc=', ttl: 600, uris: ['turn:t.example:3478'] };
    ws.deliver(credentials);
    assert.deepEqual(await answered, credentials);
    assert.deepEqual(ws.sent, [{ type: 'turn.request', id: 't-1' }], 'an answer is not a delivered frame: no ack');
  });

  it('rejects a refused frame with the server error, device lists included', async () => {
    const s = socket();
    await s.connect();
    const sent = s.send({ type: 'call.offer', id: 'm-2' });
    FakeWebSocket.latest().deliver({ type: 'error', code: 'device_mismatch', message: 'bob has [1, 2]', ref: 'm-2', missingDevices: [2], extraDevices: [] });
    await assert.rejects(sent, (/** @type {any} */ e) => e.code === 'device_mismatch' && e.missingDevices[0] === 2);
  });

  it('stops for good when replaced by a newer connection (4409) and fails what was pending', async () => {
    const s = socket();
    await s.connect();
    const count = FakeWebSocket.opened.length;
    const pending = s.send({ type: 'ping', id: 'p-1' });
    FakeWebSocket.latest().serverClose(4409);
    await assert.rejects(pending, (/** @type {any} */ e) => e.code === 'unavailable');
    await tick(50);
    assert.equal(s.state, 'replaced');
    assert.equal(FakeWebSocket.opened.length, count, 'no reconnect');
  });

  it('stops for good when the device is revoked (4410), reports it and fails what was pending', async () => {
    /** @type {any[]} */
    const errors = [];
    const s = socket({ onError: (/** @type {any} */ e) => errors.push(e) });
    await s.connect();
    const count = FakeWebSocket.opened.length;
    const pending = s.send({ type: 'ping', id: 'p-1' });
    FakeWebSocket.latest().serverClose(4410);
    await assert.rejects(pending, (/** @type {any} */ e) => e.code === 'unknown_device');
    await tick(50);
    assert.equal(s.state, 'revoked');
    assert.equal(FakeWebSocket.opened.length, count, 'no reconnect');
    assert.ok(errors.some((e) => e.code === 'unknown_device'));
    await assert.rejects(s.send({ type: 'ping', id: 'p-2' }));
  });

  it('reconnects at once when the node drains (1012)', async () => {
    const s = socket({ reconnectMinMs: 60_000, reconnectMaxMs: 60_000 });
    await s.connect();
    const first = FakeWebSocket.latest();
    first.serverClose(1012);
    await until(() => FakeWebSocket.latest() !== first && s.state === 'open', 500);
  });
});
