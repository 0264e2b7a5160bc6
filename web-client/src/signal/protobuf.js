// The few protobuf (proto2) pieces libsignal's wire messages need: varint and length-delimited
// fields, encoded in the field order libsignal's prost structs emit (their declaration order).

/** @param {number[]} out @param {number} value unsigned, < 2^32 */
function writeVarint(out, value) {
  let v = value >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/**
 * @typedef {[number, 'uint32', number] | [number, 'bytes', Uint8Array]} Field  [field number, kind, value]
 * @param {Array<Field | null | undefined>} fields  absent (null/undefined) fields are skipped
 */
export function encode(fields) {
  /** @type {number[]} */
  const head = [];
  /** @type {Uint8Array[]} */
  const chunks = [];
  let length = 0;
  const flush = () => {
    if (head.length) {
      const c = Uint8Array.from(head);
      chunks.push(c);
      length += c.length;
      head.length = 0;
    }
  };
  for (const f of fields) {
    if (!f) continue;
    const [number, kind, value] = f;
    if (kind === 'uint32') {
      writeVarint(head, (number << 3) | 0);
      writeVarint(head, /** @type {number} */ (value));
    } else {
      const bytes = /** @type {Uint8Array} */ (value);
      writeVarint(head, (number << 3) | 2);
      writeVarint(head, bytes.length);
      flush();
      chunks.push(bytes);
      length += bytes.length;
    }
  }
  flush();
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export class ProtobufError extends Error {}

/**
 * Decodes a message into a map of field number → last value (proto2 semantics for optional
 * scalars). Unknown fields are skipped, as prost does; groups and fixed widths are accepted and skipped.
 * @param {Uint8Array} buf
 * @returns {Map<number, number | Uint8Array>}
 */
export function decode(buf) {
  /** @type {Map<number, number | Uint8Array>} */
  const fields = new Map();
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtobufError('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint too long');
    }
    return result;
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (number === 0) throw new ProtobufError('field number 0');
    if (wire === 0) {
      // uint32 fields take the low 32 bits, as prost does for out-of-range varints.
      fields.set(number, Number(varint() & 0xffffffffn));
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new ProtobufError('truncated field');
      fields.set(number, buf.slice(pos, pos + len));
      pos += len;
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new ProtobufError(`unsupported wire type ${wire}`);
    }
    if (pos > buf.length) throw new ProtobufError('truncated field');
  }
  return fields;
}
