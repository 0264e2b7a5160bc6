// Errors of the signalling client. `code` is a protocol error code (docs/protocol.md) or a local one
// mapped to the nearest (`unavailable` when the server cannot be reached); the message is for humans.

export class HushcallError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{status?: number, missingDevices?: number[], extraDevices?: number[]}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'HushcallError';
    this.code = code;
    this.status = details.status;
    this.missingDevices = details.missingDevices ?? [];
    this.extraDevices = details.extraDevices ?? [];
  }
}
