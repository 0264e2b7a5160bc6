// The REST client (src/app/api.js) against a fetch that records requests: paths and error mapping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HushcallApi } from '../src/app/api.js';
import { HushcallError } from '../src/app/errors.js';

/** A fetch that records each request and answers it with `reply(url)`: [status, JSON body]. */
function recordingFetch(/** @type {(url: URL) => [number, any]} */ reply) {
  /** @type {string[]} */
  const requests = [];
  const fetchFn = async (/** @type {URL} */ url, /** @type {any} */ init) => {
    requests.push(`${init.method} ${url.pathname} ${init.headers.Authorization}`);
    const [status, body] = reply(url);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { requests, fetchFn: /** @type {typeof fetch} */ (/** @type {unknown} */ (fetchFn)) };
}

describe('REST client', () => {
  it('asks for one device\'s bundle by user and device id', async () => {
    const bundle = { deviceId: 3, registrationId: 7 };
    const { requests, fetchFn } = recordingFetch(() => [200, { user: 'bob b', devices: [bundle] }]);
    const api = new HushcallApi('http://hushcall.test', () => 'jwt-1', fetchFn);

    const reply = await api.bundle('bob b', 3);

    assert.deepEqual(requests, ['GET /v1/keys/bob%20b/3 Bearer jwt-1']);
    assert.deepEqual(reply.devices, [bundle]);
  });

  it('turns a device the user does not have into unknown_device', async () => {
    const { fetchFn } = recordingFetch(() => [404, { code: 'unknown_device', message: 'this user has no device 3' }]);
    const api = new HushcallApi('http://hushcall.test', () => 'jwt-1', fetchFn);

    await assert.rejects(api.bundle('bob', 3),
      (/** @type {any} */ e) => e instanceof HushcallError && e.code === 'unknown_device' && e.status === 404);
  });
});
