// The REST half of docs/protocol.md: devices and keys, bundles, socket tickets, TURN credentials.
import { HushcallError } from './errors.js';
import { ErrorCode } from './protocol.js';

/**
 * @typedef {{username: string, password: string, ttl: number, uris: string[]}} TurnCredentials
 * @typedef {{preKeys: number, kyberPreKeys: number}} PreKeyCount
 */

export class HushcallApi {
  /**
   * @param {string} baseUrl  e.g. `http://localhost:8080` (no trailing slash needed)
   * @param {() => string | Promise<string>} token  the bearer token (JWT) of the signed-in user
   * @param {typeof fetch} [fetchFn]
   */
  constructor(baseUrl, token, fetchFn = globalThis.fetch.bind(globalThis)) {
    this.base = new URL(baseUrl);
    this.token = token;
    this.fetch = fetchFn;
  }

  /** Dev profile only (`POST /dev/token`): a token for any user. */
  static async devToken(baseUrl, user, fetchFn = globalThis.fetch.bind(globalThis)) {
    const reply = await request(fetchFn, new URL('/dev/token', baseUrl), 'POST', null, { user });
    return /** @type {string} */ (reply.token);
  }

  /** @returns {Promise<number>} the device id the server assigned */
  async registerDevice(/** @type {object} */ registration) {
    return (await this.call('POST', '/v1/devices', registration)).deviceId;
  }

  /** @returns {Promise<PreKeyCount>} */
  preKeyCount(/** @type {number} */ deviceId) {
    return this.call('GET', `/v1/devices/${deviceId}/keys/count`);
  }

  uploadKeys(/** @type {number} */ deviceId, /** @type {object} */ upload) {
    return this.call('PUT', `/v1/devices/${deviceId}/keys`, upload);
  }

  /** @returns {Promise<{user: string, devices: any[]}>} one bundle per device; pops one-time keys */
  bundles(/** @type {string} */ user) {
    return this.call('GET', `/v1/keys/${encodeURIComponent(user)}`);
  }

  /**
   * One device's bundle alone (`devices` holds just it), popping only that device's one-time keys: what
   * repairs a session after device_mismatch. Rejects with `unknown_device` when the user has no such device.
   * @returns {Promise<{user: string, devices: any[]}>}
   */
  bundle(/** @type {string} */ user, /** @type {number} */ deviceId) {
    return this.call('GET', `/v1/keys/${encodeURIComponent(user)}/${deviceId}`);
  }

  /** @returns {Promise<string>} the `ws:`/`wss:` URL of a fresh single-use socket ticket */
  async socketUrl(/** @type {number} */ deviceId) {
    const { ticket } = await this.call('POST', '/v1/ws/ticket', { deviceId });
    const url = new URL('/v1/ws', this.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    return url.toString();
  }

  /** @returns {Promise<TurnCredentials>} */
  turnCredentials() {
    return this.call('GET', '/v1/turn/credentials');
  }

  async call(/** @type {string} */ method, /** @type {string} */ path, /** @type {object | undefined} */ body) {
    return request(this.fetch, new URL(path, this.base), method, await this.token(), body);
  }
}

async function request(
  /** @type {typeof fetch} */ fetchFn,
  /** @type {URL} */ url,
  /** @type {string} */ method,
  /** @type {string | null} */ token,
  /** @type {object | undefined} */ body,
) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetchFn(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new HushcallError(ErrorCode.UNAVAILABLE, `cannot reach the service (${method} ${url.pathname}): ${e?.message ?? e}`);
  }
  const text = await response.text();
  /** @type {any} */
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // An error page from a proxy, say: reported below by status.
  }
  if (!response.ok) {
    const code = json?.code ?? (response.status === 401 ? ErrorCode.UNAUTHORIZED : response.status >= 500 ? ErrorCode.UNAVAILABLE : 'failed');
    throw new HushcallError(code, json?.message ?? `${method} ${url.pathname} answered ${response.status}`, { status: response.status });
  }
  return json ?? {};
}
