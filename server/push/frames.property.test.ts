// Properties of the push channel's frame parser (protocol/channel.ts `parseFrame`): the gateway parses every text
// frame a device sends with it (`ClientFrame`), the devices every frame the gateway sends (`ServerFrame`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import {
  ClientFrame,
  ErrorCode,
  MAX_FRAME_BYTES,
  parseFrame,
  ServerFrame,
  type ParseResult,
} from '../../protocol/index.ts';
import { clientFrame, mutated, serverFrame } from '../../tests/helpers/backend/arbitraries.ts';
import { propertyOptions, runs } from '../../tests/helpers/backend/property.ts';

/** Anything a peer could send as a text frame, most of it not a frame at all. */
const anyText = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    // Any string: not JSON, or JSON by chance.
    fc.string({ unit: 'binary', maxLength: 200 }),
    // Any bytes, read as the gateway reads a frame (UTF-8, invalid sequences replaced).
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
    // Any JSON value.
    fc.jsonValue().map((json) => JSON.stringify(json)),
    // Frames with one thing wrong (or nothing): a key of the wrong type, missing, unknown, `__proto__`.
    mutated(valid).map((json) => JSON.stringify(json)),
    // Valid JSON cut short.
    fc.tuple(valid, fc.nat()).map(([json, cut]) => {
      const whole = JSON.stringify(json);
      return whole.slice(0, cut % (whole.length + 1));
    }),
  );

/** A refusal is one of the channel's two codes, with a reason, and names a field only when there is one. */
function assertRefusal(result: Extract<ParseResult<unknown>, { ok: false }>, text: string): void {
  const expected = text.length > MAX_FRAME_BYTES ? ErrorCode.ProtocolTooLarge : ErrorCode.ProtocolMalformed;
  assert.equal(result.code, expected);
  assert.equal(typeof result.message, 'string');
  assert.ok(result.message.length > 0, 'a refusal says why');
  if ('field' in result) assert.ok(typeof result.field === 'string' && result.field.length > 0);
}

for (const [side, schema, valid] of [
  ['device → gateway (ClientFrame)', ClientFrame, clientFrame],
  ['gateway → device (ServerFrame)', ServerFrame, serverFrame],
] as const) {
  describe(`push frames, ${side}: properties`, () => {
    test('any text frame parses or is refused with PROTOCOL_MALFORMED, never an exception; what parses is a frame, and stable', () => {
      fc.assert(
        fc.property(anyText(valid), (text) => {
          const result = parseFrame(schema, text);
          if (!result.ok) return assertRefusal(result, text);
          assert.ok(v.is(schema, result.value), 'what parses is a frame of the schema');
          // What parsed, sent again, parses to itself (the schema's transforms are settled in one pass).
          assert.deepEqual(parseFrame(schema, JSON.stringify(result.value)), result);
        }),
        runs(400),
      );
    });

    test('every valid frame round-trips: serialised and parsed, it is given back unchanged', () => {
      fc.assert(
        fc.property(valid, (frame) => {
          assert.deepEqual(parseFrame(schema, JSON.stringify(frame)), { ok: true, value: frame });
        }),
        runs(300),
      );
    });

    test(`a frame over ${MAX_FRAME_BYTES} characters is refused with PROTOCOL_TOO_LARGE, valid or not; up to it, it parses`, () => {
      fc.assert(
        fc.property(
          valid,
          fc.integer({ min: -2000, max: 2000 }),
          fc.constantFrom(' ', '\n', '\t'),
          (frame, overBy, blank) => {
            // The same frame, padded with JSON whitespace to MAX_FRAME_BYTES + overBy characters.
            const json = JSON.stringify(frame);
            const text = blank.repeat(Math.max(0, MAX_FRAME_BYTES + overBy - json.length)) + json;
            const result = parseFrame(schema, text);
            if (text.length > MAX_FRAME_BYTES) {
              assert.equal(result.ok, false);
              assert.equal(!result.ok && result.code, ErrorCode.ProtocolTooLarge);
            } else {
              assert.deepEqual(result, { ok: true, value: frame });
            }
          },
        ),
        propertyOptions,
      );
    });
  });
}
