// The dialer page: sign in, call, answer, decline, hang up, with the call's state, end reason, safety
// numbers and connection type on screen. Signalling goes through CallClient (every SDP and candidate
// sealed per device), media through CallMedia (WebRTC). One call at a time; a second incoming call is
// answered `busy`, except the crossing offer of a glare, which the server resolves (docs/protocol.md).
import { HushcallApi } from '../app/api.js';
import { CallClient } from '../app/call-client.js';
import { CallMedia } from '../app/media.js';
import { EndReason } from '../app/protocol.js';

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const ui = {
  signinSection: $('signin-section'), signinForm: $('signin-form'), user: $('user'),
  meSection: $('me-section'), me: $('me'), connectionState: $('connection-state'), myCode: $('my-code'),
  mic: $('mic'), relayOnly: $('relay-only'),
  callSection: $('call-section'), callForm: $('call-form'), contact: $('contact'),
  answer: $('answer'), decline: $('decline'), hangup: $('hangup'),
  callState: $('call-state'), peer: $('peer'), endReason: $('end-reason'), connection: $('connection'),
  audioStats: $('audio-stats'), safetyNumber: $('safety-number'),
  identityWarning: $('identity-warning'), changedContact: $('changed-contact'), trust: $('trust'),
  error: $('error'), events: $('events'), remoteAudio: $('remote-audio'),
};

const STATE_TEXT = {
  idle: 'idle', calling: 'calling…', incoming: 'incoming call', connecting: 'connecting…', connected: 'connected', ended: 'ended',
};
const REASON_TEXT = {
  [EndReason.HANGUP]: 'hung up', [EndReason.DECLINED]: 'declined', [EndReason.BUSY]: 'busy',
  [EndReason.TIMEOUT]: 'no answer (timeout)', [EndReason.ANSWERED_ELSEWHERE]: 'answered on another device',
  [EndReason.DECLINED_ELSEWHERE]: 'declined on another device', [EndReason.FAILED]: 'failed',
  [EndReason.GLARE]: 'crossed calls (glare)',
};

/** @type {CallClient | null} */
let client = null;
/**
 * The call on screen.
 * @type {null | {callId: string, role: 'caller' | 'callee', peerUser: string, peerDevice: number | null,
 *   state: keyof STATE_TEXT, media: CallMedia | null, offerSdp?: string, remoteIce: string[], localIce: string[], canTrickle: boolean}}
 */
let current = null;
/** A crossing offer from the user we are calling: rings if our own call loses the glare. */
let crossing = null;
let statsTimer = null;
/** @type {{user: string, deviceId: number} | null} */
let changedContact = null;

// Showing things.

function showError(/** @type {any} */ e) {
  ui.error.hidden = !e;
  ui.error.textContent = e ? (e.code ? `${e.code}: ${e.message}` : String(e.message ?? e)) : '';
}

function logEvent(/** @type {string} */ text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  ui.events.prepend(li);
}

function render() {
  const state = current?.state ?? 'idle';
  ui.callState.textContent = STATE_TEXT[state];
  ui.callState.dataset.state = state;
  ui.peer.textContent = current ? `${current.peerUser}${current.peerDevice ? ` (device ${current.peerDevice})` : ''}` : '–';
  ui.answer.disabled = state !== 'incoming';
  ui.decline.disabled = state !== 'incoming';
  ui.hangup.disabled = !['calling', 'connecting', 'connected'].includes(state);
  ui.callForm.querySelector('button').disabled = ['calling', 'incoming', 'connecting', 'connected'].includes(state) || !client;
}

function setState(/** @type {any} */ call, /** @type {keyof STATE_TEXT} */ state) {
  call.state = state;
  if (call === current) render();
}

async function showSafetyNumber() {
  if (!client || !current?.peerDevice) return;
  const number = await client.safetyNumber({ user: current.peerUser, deviceId: current.peerDevice });
  ui.safetyNumber.textContent = number ? number.match(/\d{5}/g).join(' ') : '–';
}

// Signing in.

ui.signinForm.addEventListener('submit', async (/** @type {Event} */ ev) => {
  ev.preventDefault();
  showError(null);
  const user = ui.user.value.trim();
  try {
    ui.signinForm.querySelector('button').disabled = true;
    const token = await HushcallApi.devToken(location.origin, user);
    client = await CallClient.signIn({ baseUrl: location.origin, user, token: () => token, listener });
    await client.connect();
    ui.me.textContent = `${user} (device ${client.deviceId})`;
    ui.myCode.textContent = (await client.ownCode()).match(/\d{5}/g).join(' ');
    ui.signinSection.hidden = true;
    ui.meSection.hidden = false;
    ui.callSection.hidden = false;
    render();
    logEvent(`signed in as ${user}, device ${client.deviceId}`);
    await listMicrophones();
  } catch (e) {
    showError(e);
    ui.signinForm.querySelector('button').disabled = false;
  }
});

async function listMicrophones() {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  const selected = ui.mic.value;
  ui.mic.replaceChildren(new Option('Default microphone', ''));
  devices.filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default').forEach((d, i) => {
    ui.mic.add(new Option(d.label || `Microphone ${i + 1}`, d.deviceId));
  });
  ui.mic.value = selected;
}

ui.mic.addEventListener('change', () => current?.media?.useMicrophone(ui.mic.value).catch(showError));

// Placing, answering and ending calls.

function newMedia(/** @type {any} */ call) {
  return new CallMedia({
    turn: () => /** @type {CallClient} */ (client).turnCredentials(),
    relayOnly: ui.relayOnly.checked,
    microphoneId: ui.mic.value || undefined,
    polite: call.role === 'callee',
    onCandidate: (json) => {
      if (call.canTrickle) sendIce(call, json);
      else call.localIce.push(json);
    },
    onRenegotiate: (sdp) => client?.renegotiate(call.callId, sdp).catch(showError),
    onStateChange: (state) => {
      if (call.state === 'ended') return;
      if (state === 'connected') setState(call, 'connected');
      if (state === 'failed') logEvent(`call ${call.callId}: media connection failed; restarting ICE`);
    },
    onRemoteStream: (stream) => {
      ui.remoteAudio.srcObject = stream;
    },
  });
}

function sendIce(/** @type {any} */ call, /** @type {string} */ json) {
  client?.sendIce(call.callId, json).catch((e) => {
    if (call.state !== 'ended') showError(e);
  });
}

/** Candidates wait until the offer (caller) or answer (callee) is out, so they reach the right devices. */
function startTrickle(/** @type {any} */ call) {
  call.canTrickle = true;
  for (const json of call.localIce.splice(0)) sendIce(call, json);
}

ui.callForm.addEventListener('submit', async (/** @type {Event} */ ev) => {
  ev.preventDefault();
  if (!client || (current && current.state !== 'ended')) return;
  showError(null);
  const peerUser = ui.contact.value.trim();
  const call = { callId: '', role: /** @type {const} */ ('caller'), peerUser, peerDevice: null, state: /** @type {const} */ ('calling'), media: /** @type {any} */ (null), remoteIce: [], localIce: [], canTrickle: false };
  current = call;
  ui.endReason.textContent = '–';
  ui.connection.textContent = '–';
  ui.safetyNumber.textContent = '–';
  render();
  try {
    call.media = newMedia(call);
    await call.media.start();
    await listMicrophones();
    const placed = client.placeCall(peerUser, await call.media.offer());
    call.callId = placed.callId;
    logEvent(`calling ${peerUser} (call ${call.callId})`);
    await placed.sent;
    startTrickle(call);
    startStats(call);
  } catch (e) {
    showError(e);
    finish(call, EndReason.FAILED);
  }
});

ui.answer.addEventListener('click', async () => {
  const call = current;
  if (!client || !call || call.state !== 'incoming') return;
  showError(null);
  setState(call, 'connecting');
  try {
    call.media = newMedia(call);
    await call.media.start();
    await listMicrophones();
    const answer = await call.media.answer(/** @type {string} */ (call.offerSdp));
    for (const json of call.remoteIce.splice(0)) await call.media.addCandidate(json);
    await client.answer(call.callId, answer);
    startTrickle(call);
    startStats(call);
  } catch (e) {
    showError(e);
    if (call.state !== 'ended') {
      client.hangup(call.callId).catch(() => {});
      finish(call, EndReason.FAILED);
    }
  }
});

ui.decline.addEventListener('click', () => {
  if (client && current?.state === 'incoming') client.decline(current.callId).catch(showError);
});

ui.hangup.addEventListener('click', () => {
  if (client && current && current.state !== 'ended') client.hangup(current.callId).catch(showError);
});

/** Shows the end of a call; media stops. */
function finish(/** @type {any} */ call, /** @type {string} */ reason) {
  if (call.state === 'ended') return;
  call.media?.close();
  setState(call, 'ended');
  if (call === current) {
    clearInterval(statsTimer);
    ui.endReason.textContent = REASON_TEXT[/** @type {keyof REASON_TEXT} */ (reason)] ?? reason;
    ui.endReason.dataset.reason = reason;
  }
  logEvent(`call ${call.callId} with ${call.peerUser} ended: ${reason}`);
}

function startStats(/** @type {any} */ call) {
  clearInterval(statsTimer);
  statsTimer = setInterval(async () => {
    if (call !== current || !call.media) return;
    const s = await call.media.stats();
    if (s.connection) ui.connection.textContent = `${s.connection} (${s.localCandidateType} → ${s.remoteCandidateType})`;
    ui.connection.dataset.connection = s.connection ?? '';
    ui.audioStats.textContent = s.codec
      ? `${s.codec.replace('audio/', '')}, ${s.srtpCipher ?? 'no SRTP yet'}; received ${s.packetsReceived} packets, ${s.bytesReceived} bytes`
      : '–';
  }, 1000);
}

// What the other side says.

/** @type {import('../app/call-client.js').CallListener} */
const listener = {
  onIncomingCall({ from, callId, sdp }) {
    const call = { callId, role: /** @type {const} */ ('callee'), peerUser: from.user, peerDevice: from.deviceId, state: /** @type {const} */ ('incoming'), media: null, offerSdp: sdp, remoteIce: [], localIce: [], canTrickle: false };
    if (current && current.state !== 'ended') {
      if (current.role === 'caller' && current.state === 'calling' && current.peerUser === from.user) {
        crossing = call; // glare: the server ends one of the two calls
        return;
      }
      logEvent(`call ${callId} from ${from.user}: answered busy (you are in a call)`);
      client?.busy(callId).catch(showError);
      return;
    }
    current = call;
    ui.endReason.textContent = '–';
    ui.connection.textContent = '–';
    render();
    logEvent(`incoming call from ${from.user}.${from.deviceId} (call ${callId})`);
    showSafetyNumber().catch(showError);
  },

  onAnswer({ from, callId, sdp }) {
    const call = current;
    if (!call || call.callId !== callId || !call.media) return;
    call.peerDevice = from.deviceId;
    setState(call, 'connecting');
    call.media.answered(sdp).catch(showError);
    showSafetyNumber().catch(showError);
    logEvent(`${from.user}.${from.deviceId} answered`);
  },

  onIce({ callId, candidate }) {
    const call = current?.callId === callId ? current : crossing?.callId === callId ? crossing : null;
    if (!call) return;
    call.remoteCandidates = (call.remoteCandidates ?? 0) + 1;
    if (call.media) call.media.addCandidate(candidate).catch(showError);
    else call.remoteIce.push(candidate);
  },

  onRenegotiate({ callId, sdp }) {
    if (current?.callId === callId && current.media) {
      current.media.renegotiated(sdp).catch(showError);
      logEvent(`call ${callId}: ICE restart`);
    }
  },

  onEnded({ callId, reason }) {
    if (crossing?.callId === callId) {
      crossing = null;
      return;
    }
    if (current?.callId === callId) {
      finish(current, reason);
      if (reason === EndReason.GLARE && crossing) {
        current = crossing;
        crossing = null;
        render();
        logEvent(`incoming call from ${current.peerUser}.${current.peerDevice} (call ${current.callId})`);
        showSafetyNumber().catch(showError);
      }
      return;
    }
    logEvent(`call ${callId} ended: ${reason}`);
  },

  onError(e) {
    showError(e);
    logEvent(`error: ${/** @type {any} */ (e).code ?? ''} ${e.message}`);
  },

  onConnectionChanged(state) {
    const text = { open: 'online', connecting: 'connecting…', waiting: 'reconnecting…', replaced: 'signed in on another tab', revoked: 'this device was removed', closed: 'offline', idle: '' };
    ui.connectionState.textContent = text[state] ?? state;
    ui.connectionState.dataset.state = state;
  },

  onIdentityKeyChanged(contact) {
    changedContact = contact;
    ui.changedContact.textContent = `${contact.user}.${contact.deviceId}`;
    ui.identityWarning.hidden = false;
  },
};

ui.trust.addEventListener('click', async () => {
  if (!client || !changedContact) return;
  await client.trustIdentity(changedContact);
  ui.identityWarning.hidden = true;
  logEvent(`trusted the new identity key of ${changedContact.user}.${changedContact.deviceId}`);
  changedContact = null;
});

// A new network (Wi-Fi to mobile, say) needs new candidates: restart ICE.
const networkChanged = () => current?.state === 'connected' && current.role === 'caller' && current.media?.restartIce().catch(showError);
window.addEventListener('online', networkChanged);
/** @type {any} */ (navigator).connection?.addEventListener?.('change', networkChanged);
window.addEventListener('pagehide', () => {
  if (current && current.state !== 'ended') client?.hangup(current.callId);
});

// For tests and for curious people in the console: nothing here that the page does not already show.
/** @type {any} */ (window).hushcall = {
  state: () => ({
    state: current?.state ?? 'idle', callId: current?.callId ?? null, reason: ui.endReason.dataset.reason ?? null,
    remoteCandidates: /** @type {any} */ (current)?.remoteCandidates ?? 0,
  }),
  stats: () => current?.media?.stats() ?? null,
  descriptions: () => ({ local: current?.media?.pc?.localDescription?.sdp ?? null, remote: current?.media?.pc?.remoteDescription?.sdp ?? null }),
  restartIce: () => current?.media?.restartIce(),
};
render();
