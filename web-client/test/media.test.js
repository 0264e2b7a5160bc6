// The ICE servers a call's RTCPeerConnection is given from the service's TURN credentials.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iceServers } from '../src/app/media.js';

describe('ICE servers', () => {
  it('are the TURN URIs with the credential', () => {
    const turn = { username: '1700000000:abc', password: 'pw', ttl: 3600, uris: ['turn:t.example.com:3478?transport=udp'] };
    assert.deepEqual(iceServers(turn), [{ urls: turn.uris, username: '1700000000:abc', credential: 'pw' }]);
  });

  it('are none when the service hands out no TURN URIs, since an empty urls list is refused', () => {
    assert.deepEqual(iceServers({ username: '1700000000:abc', password: 'pw', ttl: 3600, uris: [] }), []);
  });
});
