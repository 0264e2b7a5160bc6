// Error types a caller can act on. `code` is stable; the message is for humans.

export class SignalError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = 'SignalError';
    this.code = code;
  }
}

/** The peer's identity key differs from the one we trust for that address (libsignal UntrustedIdentity). */
export class UntrustedIdentityError extends SignalError {
  /** @param {string} address @param {Uint8Array} identityKey */
  constructor(address, identityKey) {
    super('untrusted_identity', `identity key of ${address} is not trusted`);
    this.name = 'UntrustedIdentityError';
    this.address = address;
    this.identityKey = identityKey;
  }
}

export const invalidMessage = (/** @type {string} */ why) => new SignalError('invalid_message', why);
export const invalidKey = (/** @type {string} */ why) => new SignalError('invalid_key', why);
