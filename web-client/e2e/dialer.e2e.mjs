#!/usr/bin/env node
// Browser end-to-end scenarios of the dialer, run against a real service by
// signaling-service's WebClientBrowserIT (which starts the service and coturn):
//
//   HUSHCALL_URL=http://localhost:8080 E2E_OUT=target/e2e node e2e/dialer.e2e.mjs SCENARIO
//
// Scenarios: direct, relay, decline, busy, timeout, java (calls JAVA_USER, a Java SDK client).
// Every user is a separate headless Chromium process (Debian's /usr/bin/chromium, never a downloaded
// one); fake microphones make real Opus audio. Exits 0 when the scenario holds; the last stdout line
// is `RESULT {json}` with what the Java side checks further (the plaintext the server must not see).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const BASE = process.env.HUSHCALL_URL ?? 'http://localhost:8080';
const OUT = process.env.E2E_OUT ?? 'target/e2e';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
const STEP_MS = 15_000;

/** @type {import('playwright-core').Browser[]} */
const browsers = [];
const run = Math.random().toString(36).slice(2, 8);

/** A signed-in dialer in its own browser process (or a new context of `browser`, for a third party). */
async function dialer(/** @type {string} */ name, { relayOnly = false, browser = null } = {}) {
  if (!browser) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    browsers.push(browser);
  }
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(STEP_MS);
  const user = `${name}-${run}`;
  page.on('pageerror', (e) => console.error(`[${user}] page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`[${user}] console: ${m.text()}`));
  await page.goto(BASE + '/');
  await page.fill('#user', user);
  await page.click('#sign-in');
  await page.waitForSelector('#connection-state[data-state="open"]');
  if (relayOnly) await page.check('#relay-only');
  return { page, user, browser };
}

async function until(/** @type {() => Promise<boolean>} */ condition, /** @type {string} */ what) {
  const deadline = Date.now() + STEP_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const state = (/** @type {any} */ d) => d.page.evaluate(() => /** @type {any} */ (window).hushcall.state());
const stats = (/** @type {any} */ d) => d.page.evaluate(() => /** @type {any} */ (window).hushcall.stats());

async function waitState(/** @type {any} */ d, /** @type {string} */ s, timeout = STEP_MS) {
  await d.page.waitForSelector(`#call-state[data-state="${s}"]`, { timeout });
}

async function waitReason(/** @type {any} */ d, /** @type {string} */ reason, timeout = STEP_MS) {
  await d.page.waitForSelector(`#end-reason[data-reason="${reason}"]`, { timeout });
}

async function call(/** @type {any} */ from, /** @type {string} */ to) {
  await from.page.fill('#contact', to);
  await from.page.click('#call');
  await waitState(from, 'calling');
}

async function connectedCall(/** @type {any} */ a, /** @type {any} */ b) {
  await call(a, b.user);
  await waitState(b, 'incoming');
  await b.page.click('#answer');
  await Promise.all([waitState(a, 'connected'), waitState(b, 'connected')]);
}

/** DTLS up, SRTP keyed, Opus, and inbound audio packets and bytes growing over 3 s. */
async function assertAudioFlows(/** @type {any} */ d, /** @type {string} */ connection) {
  const before = await stats(d);
  await d.page.waitForTimeout(3000);
  const after = await stats(d);
  const where = `${d.user}: ${JSON.stringify(after)}`;
  assert.equal(after.dtlsState, 'connected', where);
  assert.ok(after.srtpCipher, `no SRTP cipher: ${where}`);
  assert.equal(after.codec?.toLowerCase(), 'audio/opus', where);
  assert.ok(after.packetsReceived > before.packetsReceived, `inbound packets did not grow: ${where}`);
  assert.ok(after.bytesReceived > before.bytesReceived, `inbound bytes did not grow: ${where}`);
  assert.equal(after.connection, connection, where);
  await d.page.waitForSelector(`#connection[data-connection="${connection}"]`);
  return after;
}

/** The plaintext the server must never hold: the DTLS fingerprints and each candidate's "address port". */
async function secrets(/** @type {any[]} */ dialers) {
  const fingerprints = [];
  const candidates = [];
  for (const d of dialers) {
    const { local } = await d.page.evaluate(() => /** @type {any} */ (window).hushcall.descriptions());
    fingerprints.push(...local.match(/^a=fingerprint:.*$/gm).map((/** @type {string} */ l) => l.trim()));
    for (const m of local.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) (\d+) typ/gm)) candidates.push(`${m[1]} ${m[2]}`);
  }
  return { fingerprints, candidates };
}

async function screenshot(/** @type {any} */ d, /** @type {string} */ name) {
  await mkdir(OUT, { recursive: true });
  const path = join(OUT, `${name}.png`);
  await d.page.screenshot({ path, fullPage: true });
  return path;
}

const scenarios = {
  /** Host candidates on loopback; then the caller hangs up and both pages say so. */
  async direct() {
    const [a, b] = await Promise.all([dialer('alice'), dialer('bob')]);
    await connectedCall(a, b);
    const [sa, sb] = await Promise.all([assertAudioFlows(a, 'direct'), assertAudioFlows(b, 'direct')]);
    const shots = [await screenshot(a, 'direct-caller'), await screenshot(b, 'direct-callee')];
    const plain = await secrets([a, b]);
    // An ICE restart (as on a network change) goes through call.renegotiate and the audio keeps flowing.
    const ufrag = (/** @type {any} */ d) => d.page.evaluate(() => /** @type {any} */ (window).hushcall.descriptions().local.match(/a=ice-ufrag:(\S+)/)[1]);
    const before = await ufrag(b);
    await a.page.evaluate(() => /** @type {any} */ (window).hushcall.restartIce());
    await b.page.waitForSelector('#events li:has-text("ICE restart")');
    await until(async () => (await ufrag(b)) !== before, 'the callee answered the restart with new ICE credentials');
    const restarted = await ufrag(b);
    await until(async () => (await a.page.evaluate(() => /** @type {any} */ (window).hushcall.descriptions().remote)).includes(`a=ice-ufrag:${restarted}`),
      'the caller applied the answer to its restart');
    await Promise.all([assertAudioFlows(a, 'direct'), assertAudioFlows(b, 'direct')]);
    await a.page.click('#hangup');
    await Promise.all([waitReason(a, 'hangup'), waitReason(b, 'hangup')]);
    return { caller: sa, callee: sb, screenshots: shots, ...plain };
  },

  /** Both sides relay-only: every packet goes through coturn. */
  async relay() {
    const [a, b] = await Promise.all([dialer('carol', { relayOnly: true }), dialer('dave', { relayOnly: true })]);
    await connectedCall(a, b);
    const [sa, sb] = await Promise.all([assertAudioFlows(a, 'relayed'), assertAudioFlows(b, 'relayed')]);
    const shots = [await screenshot(a, 'relay-caller')];
    await b.page.click('#hangup');
    await Promise.all([waitReason(a, 'hangup'), waitReason(b, 'hangup')]);
    return { caller: sa, callee: sb, screenshots: shots };
  },

  async decline() {
    const [a, b] = await Promise.all([dialer('erin'), dialer('frank')]);
    await call(a, b.user);
    await waitState(b, 'incoming');
    await b.page.click('#decline');
    await Promise.all([waitReason(a, 'declined'), waitReason(b, 'declined')]);
    return { callerSees: (await state(a)).reason, calleeSees: (await state(b)).reason };
  },

  /** A third user calls someone already in a call: the callee's page answers busy on its own. */
  async busy() {
    const [a, b] = await Promise.all([dialer('grace'), dialer('heidi')]);
    const c = await dialer('ivan', { browser: a.browser });
    await connectedCall(a, b);
    await call(c, b.user);
    await waitReason(c, 'busy');
    await b.page.waitForSelector('#events li:has-text("answered busy")');
    assert.equal((await state(b)).state, 'connected', 'the callee stays in its call');
    await a.page.click('#hangup');
    await Promise.all([waitReason(a, 'hangup'), waitReason(b, 'hangup')]);
    return { thirdPartySees: (await state(c)).reason };
  },

  /** Nobody answers within the service's ring lifetime (the IT sets it short). */
  async timeout() {
    const [a, b] = await Promise.all([dialer('judy'), dialer('mallory')]);
    await call(a, b.user);
    await waitState(b, 'incoming');
    const limit = Number(process.env.RING_LIFETIME_MS ?? 60_000) + 10_000;
    await Promise.all([waitReason(a, 'timeout', limit), waitReason(b, 'timeout', limit)]);
    return { callerSees: (await state(a)).reason, calleeSees: (await state(b)).reason };
  },

  /**
   * A browser calls a Java SDK client (JAVA_USER, run by the IT, which answers and sends a candidate).
   * The Java side checks it decrypted the offer and our candidates; here the page must have applied the
   * Java answer and received the Java candidate.
   */
  async java() {
    const javaUser = process.env.JAVA_USER;
    assert.ok(javaUser, 'JAVA_USER is not set');
    const a = await dialer('web');
    await call(a, javaUser);
    await waitState(a, 'connecting');
    await a.page.waitForFunction(() => /** @type {any} */ (window).hushcall.state().remoteCandidates > 0);
    const { local, remote } = await a.page.evaluate(() => /** @type {any} */ (window).hushcall.descriptions());
    const safetyNumber = (await a.page.textContent('#safety-number'))?.replace(/\s/g, '');
    await screenshot(a, 'browser-calls-java');
    await a.page.click('#hangup');
    await waitReason(a, 'hangup');
    return { user: a.user, offer: local, answer: remote, safetyNumber };
  },
};

const name = process.argv[2];
const scenario = scenarios[/** @type {keyof typeof scenarios} */ (name)];
if (!scenario) {
  console.error(`usage: dialer.e2e.mjs ${Object.keys(scenarios).join('|')}`);
  process.exit(2);
}
const started = Date.now();
try {
  const result = await scenario();
  console.log(`scenario ${name} passed in ${Date.now() - started} ms`);
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exitCode = 0;
} catch (e) {
  console.error(`scenario ${name} failed after ${Date.now() - started} ms:`, e);
  for (const b of browsers) {
    for (const ctx of b.contexts()) {
      for (const p of ctx.pages()) {
        const text = await p.textContent('main').catch(() => '');
        console.error(`--- page ${p.url()} ---\n${text?.replace(/\s+/g, ' ').slice(0, 2000)}`);
        await mkdir(OUT, { recursive: true });
        await p.screenshot({ path: join(OUT, `failed-${name}-${Date.now()}.png`) }).catch(() => {});
      }
    }
  }
  process.exitCode = 1;
} finally {
  await Promise.all(browsers.map((b) => b.close().catch(() => {})));
}
