// The client's protocol names and limits (src/app/protocol.js) against docs/protocol.schema.json, which
// signaling-protocol's ProtocolSchemaTest holds to the Java records and enums: a frame type, error code,
// end reason or limit changed on one side fails here or there. And no protocol name is written as a
// literal elsewhere in the client, where it could drift unseen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ClientFrame, EndReason, ErrorCode, Limits, ServerFrame } from '../src/app/protocol.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/protocol.schema.json', import.meta.url), 'utf8'));
const defs = schema.$defs;

/** The `type` of every frame a direction's `oneOf` lists. */
const frameTypes = (/** @type {string} */ direction) =>
  defs[direction].oneOf.map((/** @type {{$ref: string}} */ r) => defs[r.$ref.replace('#/$defs/', '')].properties.type.const);

const sorted = (/** @type {string[]} */ values) => [...values].sort();

test('the client frame types are the schema\'s', () => {
  assert.deepEqual(sorted(Object.values(ClientFrame)), sorted(frameTypes('clientFrame')));
});

test('the server frame types are the schema\'s', () => {
  assert.deepEqual(sorted(Object.values(ServerFrame)), sorted(frameTypes('serverFrame')));
});

test('the error codes are the schema\'s, in its order', () => {
  assert.deepEqual(Object.values(ErrorCode), defs.errorCode.enum);
});

test('the end reasons are the schema\'s, in its order', () => {
  assert.deepEqual(Object.values(EndReason), defs.endReason.enum);
});

test('the limits are the schema\'s', () => {
  const limits = schema['x-limits'];
  assert.deepEqual(Limits, {
    MAX_FRAME_BYTES: limits.maxFrameBytes,
    MAX_PAYLOADS: limits.maxPayloads,
    MAX_ACK_REFS: limits.maxAckRefs,
    MAX_BODY_CHARS: limits.maxBodyChars,
  });
});

/**
 * Quoted literals in `source` that spell a dotted frame type or an error code: outside comments, and
 * outside SignalError, whose codes are the Signal layer's own (one is spelt like invalid_message).
 */
function protocolLiterals(/** @type {string} */ source) {
  const names = new Set([
    ...[...Object.values(ClientFrame), ...Object.values(ServerFrame)].filter((t) => t.includes('.')),
    ...Object.values(ErrorCode),
  ]);
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .filter((line) => !line.includes('new SignalError('))
    .join('\n');
  return [...code.matchAll(/(['"`])([a-z_.]+)\1/g)].map((m) => m[2]).filter((literal) => names.has(literal));
}

test('the literal check finds a protocol name written out', () => {
  assert.deepEqual(protocolLiterals("send({ type: 'call.offer' });\nthrow new HushcallError(\"bad_payload\", x); // 'call.ice'"),
    ['call.offer', 'bad_payload']);
});

test('no protocol name is written as a literal outside protocol.js', () => {
  for (const dir of ['app', 'page']) {
    const folder = new URL(`../src/${dir}/`, import.meta.url);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.js') && f !== 'protocol.js')) {
      const found = protocolLiterals(readFileSync(new URL(file, folder), 'utf8'));
      assert.deepEqual(found, [], `src/${dir}/${file} spells ${found.join(', ')}: use src/app/protocol.js`);
    }
  }
});
