// `helm test` smoke test: one real call set-up through the release's Service, with no dependency beyond
// Node's built-in fetch and WebSocket (Node >= 22). Caller and callee each register a device, get a socket
// ticket, open /v1/ws; the caller offers, the callee receives the offer and answers, the caller receives the
// answer, the caller hangs up and the callee is told. TURN credentials and readiness are checked on the way.
//
// Tokens: TOKEN_MODE=dev mints two throwaway users with POST /dev/token (only when the release runs the dev
// profile); TOKEN_MODE=secret reads CALLER_TOKEN and CALLEE_TOKEN (two dedicated smoke-test users of your
// issuer, from a Secret). Payloads are random bytes: the server routes ciphertext it never decrypts, and the
// devices' public keys (files/smoke-devices.json) are real, signed libsignal keys so registration passes.
import { readFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";

const base = required("HUSHCALL_URL").replace(/\/$/, "");
const management = (process.env.HUSHCALL_MANAGEMENT_URL || base).replace(/\/$/, "");
const mode = process.env.TOKEN_MODE || "dev";
const devices = JSON.parse(readFileSync(process.env.SMOKE_DEVICES || new URL("./smoke-devices.json", import.meta.url), "utf8"));
const deadline = setTimeout(() => fail("timed out after " + (process.env.SMOKE_TIMEOUT_SECONDS || 60) + " s"),
  1000 * Number(process.env.SMOKE_TIMEOUT_SECONDS || 60));

function required(name) {
  const value = process.env[name];
  if (!value) fail(name + " is not set");
  return value;
}

function fail(message) {
  console.error("smoke test FAILED: " + message);
  process.exit(1);
}

function step(message) {
  console.log(new Date().toISOString() + " " + message);
}

async function http(method, path, token, body, root = base) {
  const response = await fetch(root + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function tokens() {
  if (mode === "secret") {
    if (!process.env.CALLER_TOKEN || !process.env.CALLEE_TOKEN) {
      fail("no tokens: the release runs without the dev profile, so set tests.smoke.tokenSecret to a Secret with "
        + "caller-token and callee-token (two dedicated smoke-test users of your issuer)");
    }
    return { caller: process.env.CALLER_TOKEN.trim(), callee: process.env.CALLEE_TOKEN.trim() };
  }
  if (mode !== "dev") fail("TOKEN_MODE must be dev or secret, not " + mode);
  const caller = (await http("POST", "/dev/token", null, { user: "smoke-caller-" + run })).token;
  const callee = (await http("POST", "/dev/token", null, { user: "smoke-callee-" + run })).token;
  return { caller, callee };
}

function subject(token) {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")).sub;
}

/** Dedicated smoke users only: a previous run that died may have left devices behind (at most 8 per user). */
async function removeDevices(token) {
  const mine = await http("GET", "/v1/devices", token);
  for (const device of mine.devices) await http("DELETE", "/v1/devices/" + device.deviceId, token);
}

/** A socket whose incoming frames are queued, so a frame that arrives before we wait for it is not lost. */
function connect(ticket, name) {
  const url = base.replace(/^http/, "ws") + "/v1/ws?ticket=" + encodeURIComponent(ticket);
  const socket = new WebSocket(url);
  const queue = [];
  const waiters = [];
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    const waiter = waiters.findIndex((w) => w.match(frame));
    if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(frame);
    else queue.push(frame);
  });
  socket.addEventListener("close", (event) => {
    if (!socket.expectedClose) fail(`${name}'s socket closed: ${event.code} ${event.reason}`);
  });
  const opened = new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error(name + "'s socket failed to open")), { once: true });
  });
  return {
    opened,
    send: (frame) => socket.send(JSON.stringify(frame)),
    next(match, what) {
      const queued = queue.findIndex(match);
      if (queued >= 0) return Promise.resolve(queue.splice(queued, 1)[0]);
      step(`${name} waits for ${what}`);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close() {
      socket.expectedClose = true;
      socket.close(1000);
    },
  };
}

// Frame ids are unique per run: the server acks a repeated id without routing it again (for 30 s), and the
// secret-token mode reuses the same users and device ids run after run.
const run = randomUUID().slice(0, 8);

async function request(socket, frame) {
  frame = { ...frame, id: frame.id + "-" + run };
  socket.send(frame);
  const reply = await socket.next((f) => f.ref === frame.id && (f.type === "ack" || f.type === "error"), "ack of " + frame.id);
  if (reply.type === "error") fail(`${frame.type} refused: ${reply.code} ${reply.message}`);
}

async function delivered(socket, type, callId) {
  const frame = await socket.next((f) => f.type === type && f.callId === callId, type);
  socket.send({ type: "ack", ref: frame.id });
  return frame;
}

async function main() {
  step("readiness at " + management + "/actuator/health/readiness");
  await http("GET", "/actuator/health/readiness", null, undefined, management);

  const token = await tokens();
  const callerUser = subject(token.caller);
  const calleeUser = subject(token.callee);
  step(`caller ${callerUser}, callee ${calleeUser} (${mode} tokens)`);
  await removeDevices(token.caller);
  await removeDevices(token.callee);
  const callerDevice = (await http("POST", "/v1/devices", token.caller, devices.caller)).deviceId;
  const calleeDevice = (await http("POST", "/v1/devices", token.callee, devices.callee)).deviceId;

  const bundles = await http("GET", "/v1/keys/" + encodeURIComponent(calleeUser), token.caller);
  if (!bundles.devices.some((d) => d.deviceId === calleeDevice)) fail("the callee's bundle lacks its device");
  const turn = await http("GET", "/v1/turn/credentials", token.caller);
  if (!turn.username || !turn.password || !Array.isArray(turn.uris)) fail("TURN credentials incomplete");
  // No URIs is what an install without coturn.publicHost hands out (NOTES warns); the call below needs no relay.
  step(turn.uris.length ? `TURN credentials for ${turn.uris.join(", ")}` : "TURN credentials with no TURN URIs (none configured)");

  const caller = connect((await http("POST", "/v1/ws/ticket", token.caller, { deviceId: callerDevice })).ticket, "caller");
  const callee = connect((await http("POST", "/v1/ws/ticket", token.callee, { deviceId: calleeDevice })).ticket, "callee");
  await Promise.all([caller.opened, callee.opened]);
  // A ping round trip on each socket proves the ticket was accepted before the call starts.
  await request(caller, { type: "ping", id: "p-1" });
  await request(callee, { type: "ping", id: "p-1" });

  const callId = "smoke-" + randomUUID();
  const offerBody = randomBytes(1500).toString("base64");
  const answerBody = randomBytes(1200).toString("base64");
  const started = performance.now();
  await request(caller, { type: "call.offer", id: "o-1", callId, to: calleeUser,
    payloads: [{ deviceId: calleeDevice, cipherType: 3, body: offerBody }] });
  const offer = await delivered(callee, "call.offer", callId);
  if (offer.from?.user !== callerUser || offer.payload?.body !== offerBody) fail("the offer arrived altered");
  await request(callee, { type: "call.answer", id: "a-1", callId,
    payloads: [{ deviceId: callerDevice, cipherType: 2, body: answerBody }] });
  const answer = await delivered(caller, "call.answer", callId);
  if (answer.from?.user !== calleeUser || answer.payload?.body !== answerBody) fail("the answer arrived altered");
  const setupMillis = Math.round(performance.now() - started);

  await request(caller, { type: "call.hangup", id: "h-1", callId });
  const ended = await delivered(callee, "call.ended", callId);
  if (ended.reason !== "hangup") fail("call ended with " + ended.reason + ", expected hangup");

  caller.close();
  callee.close();
  await http("DELETE", "/v1/devices/" + callerDevice, token.caller);
  await http("DELETE", "/v1/devices/" + calleeDevice, token.callee);
  clearTimeout(deadline);
  console.log(`smoke test passed: call set-up (offer -> answer) in ${setupMillis} ms`);
  process.exit(0);
}

main().catch((e) => fail(e.stack || String(e)));
