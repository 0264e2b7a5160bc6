// The protocol's names and limits as the client uses them, written once. test/protocol.test.js checks
// them against docs/protocol.schema.json, which signaling-protocol's ProtocolSchemaTest checks against
// the Java records and enums, and fails when a protocol name is written as a literal elsewhere in the
// client: so the three cannot drift apart.

/** Frames a device sends. */
export const ClientFrame = Object.freeze({
  OFFER: 'call.offer',
  ANSWER: 'call.answer',
  ICE: 'call.ice',
  RENEGOTIATE: 'call.renegotiate',
  HANGUP: 'call.hangup',
  BUSY: 'call.busy',
  DECLINE: 'call.decline',
  ACK: 'ack',
  PING: 'ping',
  TURN_REQUEST: 'turn.request',
});

/** Frames the service sends. */
export const ServerFrame = Object.freeze({
  ACK: 'ack',
  ERROR: 'error',
  OFFER: 'call.offer',
  ANSWER: 'call.answer',
  ICE: 'call.ice',
  RENEGOTIATE: 'call.renegotiate',
  ENDED: 'call.ended',
  TURN_CREDENTIALS: 'turn.credentials',
});

/** Error codes of socket error frames and REST error bodies (docs/protocol.md, "Error codes"). */
export const ErrorCode = Object.freeze({
  BAD_JSON: 'bad_json',
  UNKNOWN_TYPE: 'unknown_type',
  INVALID_MESSAGE: 'invalid_message',
  FRAME_TOO_LARGE: 'frame_too_large',
  REQUEST_TOO_LARGE: 'request_too_large',
  BAD_PAYLOAD: 'bad_payload',
  DUPLICATE_PAYLOAD: 'duplicate_payload',
  UNKNOWN_USER: 'unknown_user',
  UNKNOWN_CALL: 'unknown_call',
  NOT_IN_CALL: 'not_in_call',
  CALL_EXISTS: 'call_exists',
  CALL_ENDED: 'call_ended',
  ALREADY_ANSWERED: 'already_answered',
  INVALID_STATE: 'invalid_state',
  DEVICE_MISMATCH: 'device_mismatch',
  SELF_CALL: 'self_call',
  UNAUTHORIZED: 'unauthorized',
  TICKET_INVALID: 'ticket_invalid',
  TICKET_EXPIRED: 'ticket_expired',
  FORBIDDEN: 'forbidden',
  UNKNOWN_DEVICE: 'unknown_device',
  TOO_MANY_DEVICES: 'too_many_devices',
  INVALID_KEY: 'invalid_key',
  INVALID_KEY_SIGNATURE: 'invalid_key_signature',
  IDENTITY_KEY_MISMATCH: 'identity_key_mismatch',
  TOO_MANY_PREKEYS: 'too_many_prekeys',
  RATE_LIMITED: 'rate_limited',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
});

/** Why a call ended, as `call.ended` says. A reason the client does not know still ends the call. */
export const EndReason = Object.freeze({
  HANGUP: 'hangup',
  DECLINED: 'declined',
  BUSY: 'busy',
  TIMEOUT: 'timeout',
  ANSWERED_ELSEWHERE: 'answered_elsewhere',
  DECLINED_ELSEWHERE: 'declined_elsewhere',
  FAILED: 'failed',
  GLARE: 'glare',
});

/** Limits of the socket frames (docs/protocol.md, "Limits"). */
export const Limits = Object.freeze({
  /** A text frame, in bytes of UTF-8. */
  MAX_FRAME_BYTES: 65536,
  /** Payloads in one frame: one per recipient device. */
  MAX_PAYLOADS: 16,
  /** Frame ids one `ack` may carry. */
  MAX_ACK_REFS: 64,
  /** One payload body, in base64 characters. */
  MAX_BODY_CHARS: 12288,
});
