// One call's WebRTC side: an RTCPeerConnection with the service's ICE servers, trickle ICE, DTLS-SRTP
// audio (Opus), ICE restart, TURN credentials refreshed before they expire, and what getStats says
// about the connection. It knows nothing of signalling: the dialer moves SDP and candidates through
// the CallClient.

/** Refresh TURN credentials when this share of their lifetime is left. */
const REFRESH_AT_REMAINING = 0.1;
/** How long ICE may stay `disconnected` before the caller restarts it. */
const DISCONNECTED_GRACE_MS = 4000;

/**
 * @param {import('./api.js').TurnCredentials} turn
 * @returns {RTCIceServer[]}
 */
export function iceServers(turn) {
  // No URIs: the service has no TURN server to hand out; an ICE server with empty urls is a SyntaxError.
  if (!turn.uris.length) return [];
  return [{ urls: turn.uris, username: turn.username, credential: turn.password }];
}

export class CallMedia {
  /**
   * @param {{turn: () => Promise<import('./api.js').TurnCredentials>, relayOnly?: boolean, microphoneId?: string,
   *   polite: boolean, onCandidate: (json: string) => void, onRenegotiate: (sdp: string) => void,
   *   onStateChange?: (state: string) => void, onRemoteStream?: (stream: MediaStream) => void}} o
   *   polite: the callee; when both sides restart ICE at once, the polite side rolls its offer back
   */
  constructor(o) {
    this.o = o;
    /** @type {RTCPeerConnection | null} */
    this.pc = null;
    /** @type {MediaStream | null} */
    this.stream = null;
    /** @type {RTCIceCandidateInit[]} remote candidates that came before the remote description */
    this.early = [];
    this.refreshTimer = null;
    this.disconnectedTimer = null;
    this.closed = false;
  }

  async start() {
    const turn = await this.o.turn();
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: this.o.microphoneId ? { deviceId: { exact: this.o.microphoneId } } : true,
      video: false,
    });
    const pc = new RTCPeerConnection({
      iceServers: iceServers(turn),
      iceTransportPolicy: this.o.relayOnly ? 'relay' : 'all',
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.pc = pc;
    for (const track of this.stream.getAudioTracks()) pc.addTrack(track, this.stream);
    pc.onicecandidate = (ev) => {
      if (ev.candidate) this.o.onCandidate(JSON.stringify(ev.candidate.toJSON()));
    };
    pc.ontrack = (ev) => this.o.onRemoteStream?.(ev.streams[0] ?? new MediaStream([ev.track]));
    pc.onconnectionstatechange = () => this.o.onStateChange?.(pc.connectionState);
    pc.oniceconnectionstatechange = () => this.iceStateChanged();
    this.scheduleRefresh(turn);
  }

  /** The caller's offer. */
  async offer() {
    const pc = /** @type {RTCPeerConnection} */ (this.pc);
    await pc.setLocalDescription(await pc.createOffer());
    return /** @type {string} */ (pc.localDescription?.sdp);
  }

  /** The callee's answer to `offerSdp`. */
  async answer(/** @type {string} */ offerSdp) {
    const pc = /** @type {RTCPeerConnection} */ (this.pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.flushEarly();
    await pc.setLocalDescription(await pc.createAnswer());
    return /** @type {string} */ (pc.localDescription?.sdp);
  }

  /** The callee's answer arrived at the caller. */
  async answered(/** @type {string} */ answerSdp) {
    const pc = /** @type {RTCPeerConnection} */ (this.pc);
    await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    await this.flushEarly();
  }

  /** A trickled candidate of the peer (JSON of an RTCIceCandidateInit); held until the remote description is set. */
  async addCandidate(/** @type {string} */ json) {
    const candidate = JSON.parse(json);
    if (!this.pc || !this.pc.remoteDescription) {
      this.early.push(candidate);
      return;
    }
    await this.pc.addIceCandidate(candidate);
  }

  async flushEarly() {
    const early = this.early;
    this.early = [];
    for (const c of early) await this.pc?.addIceCandidate(c);
  }

  /**
   * An ICE restart (`call.renegotiate`): a new offer with fresh ICE credentials, sent through onRenegotiate.
   * Fetches fresh TURN credentials first, so a restart after a long call does not fail on expired ones.
   */
  async restartIce() {
    const pc = this.pc;
    if (!pc || this.closed || pc.signalingState !== 'stable') return;
    await this.refreshCredentials();
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    this.o.onRenegotiate(/** @type {string} */ (pc.localDescription?.sdp));
  }

  /**
   * A `call.renegotiate` from the peer: an offer (answered through onRenegotiate) or the answer to our
   * restart. When both sides restarted at once the polite side rolls its own offer back.
   */
  async renegotiated(/** @type {string} */ sdp) {
    const pc = /** @type {RTCPeerConnection} */ (this.pc);
    // An answer never offers `a=setup:actpass` (RFC 5763 §5); an offer always does.
    const isOffer = /a=setup:actpass/.test(sdp);
    if (!isOffer) {
      if (pc.signalingState === 'have-local-offer') await pc.setRemoteDescription({ type: 'answer', sdp });
      return;
    }
    if (pc.signalingState === 'have-local-offer') {
      if (!this.o.polite) return; // both restarted at once: the polite side answers ours instead
      await pc.setLocalDescription({ type: 'rollback' });
    }
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    this.o.onRenegotiate(/** @type {string} */ (pc.localDescription?.sdp));
  }

  iceStateChanged() {
    const pc = this.pc;
    if (!pc) return;
    clearTimeout(this.disconnectedTimer);
    // Only the caller restarts on its own, so the two sides do not both restart for one network change.
    if (this.o.polite) return;
    if (pc.iceConnectionState === 'failed') this.restartIce().catch(() => {});
    if (pc.iceConnectionState === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => this.restartIce().catch(() => {}), DISCONNECTED_GRACE_MS);
    }
  }

  scheduleRefresh(/** @type {import('./api.js').TurnCredentials} */ turn) {
    clearTimeout(this.refreshTimer);
    const delayMs = Math.max(10_000, turn.ttl * 1000 * (1 - REFRESH_AT_REMAINING));
    this.refreshTimer = setTimeout(() => this.refreshCredentials().catch(() => {}), Math.min(delayMs, 2 ** 31 - 1));
  }

  /** New TURN credentials for the running connection; allocations use them on their next refresh. */
  async refreshCredentials() {
    if (!this.pc || this.closed) return;
    const turn = await this.o.turn();
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers: iceServers(turn) });
    this.scheduleRefresh(turn);
  }

  /** Switches the microphone of a running call. */
  async useMicrophone(/** @type {string} */ deviceId) {
    this.o.microphoneId = deviceId;
    if (!this.pc) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } }, video: false });
    const track = stream.getAudioTracks()[0];
    const sender = this.pc.getSenders().find((s) => s.track?.kind === 'audio');
    await sender?.replaceTrack(track);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = stream;
  }

  /**
   * What getStats says: DTLS state, SRTP cipher, codec, inbound audio counters and whether the selected
   * candidate pair is direct or goes through a TURN relay.
   */
  async stats() {
    /** @type {any} */
    const out = { dtlsState: null, srtpCipher: null, codec: null, packetsReceived: 0, bytesReceived: 0, packetsSent: 0, connection: null, localCandidateType: null, remoteCandidateType: null };
    if (!this.pc) return out;
    const report = await this.pc.getStats();
    /** @type {Map<string, any>} */
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    for (const s of byId.values()) {
      if (s.type === 'transport') {
        out.dtlsState = s.dtlsState;
        out.srtpCipher = s.srtpCipher ?? null;
        const pair = byId.get(s.selectedCandidatePairId);
        if (pair) {
          out.localCandidateType = byId.get(pair.localCandidateId)?.candidateType ?? null;
          out.remoteCandidateType = byId.get(pair.remoteCandidateId)?.candidateType ?? null;
          out.connection = out.localCandidateType === 'relay' || out.remoteCandidateType === 'relay' ? 'relayed' : 'direct';
        }
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.packetsReceived = s.packetsReceived ?? 0;
        out.bytesReceived = s.bytesReceived ?? 0;
        out.codec = byId.get(s.codecId)?.mimeType ?? out.codec;
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        out.packetsSent = s.packetsSent ?? 0;
      }
    }
    return out;
  }

  close() {
    this.closed = true;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.disconnectedTimer);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.pc?.close();
  }
}
