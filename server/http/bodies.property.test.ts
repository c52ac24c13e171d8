// Properties of how every REST route reads its body (server/http/respond.ts): `limitBody` refuses what is too large
// while it streams in, `readJson` parses and validates with the route's protocol schema (protocol/ `validate`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Hono } from 'hono';
import type * as v from 'valibot';
import * as protocol from '../../protocol/index.ts';
import { ErrorCode, type ErrorBody } from '../../protocol/index.ts';
import {
  callerName,
  callerNumber,
  isoTimestamp,
  mutated,
  phoneNumber,
  policyConfig,
  text,
} from '../../tests/helpers/backend/arbitraries.ts';
import { propertyOptions, runs } from '../../tests/helpers/backend/property.ts';
import { limitBody, readJson, type BodyResult } from './respond.ts';

/** Every body schema our backend's and the carrier simulators' routes read with `readJson`, by its export name. */
const BODY_SCHEMAS = [
  'BoxEnrollment',
  'CapabilityRequest',
  'CarrierHook',
  'ConsentAskRequest',
  'ConsentDecision',
  'CreateJointAccount',
  'DeliveryReports',
  'DepositRequest',
  'DeviceRename',
  'DirectoryLoginRequest',
  'DisplayReport',
  'EndCallRequest',
  'EnrollmentApproval',
  'EnrollmentPoll',
  'EnrollmentStart',
  'IncomingTextReport',
  'InboundSmsRequest',
  'JointAccountLogin',
  'MailboxSessionRequest',
  'MoveRequest',
  'OperatorEnrollment',
  'PairRequest',
  'PhoneEnrollment',
  'PlaceCallRequest',
  'PlatformIdentity',
  'PresenceCommand',
  'ProvisioningLogin',
  'SecondAccount',
  'SendSmsRequest',
  'SendTextRequest',
  'SessionActionRequest',
  'SmsFaultRequest',
  'TextStatusReport',
  'UnlockRequest',
  'UpdateConfig',
] as const satisfies readonly (keyof typeof protocol)[];
type BodyName = (typeof BODY_SCHEMAS)[number];

const schemaOf = (name: BodyName) => protocol[name] as v.GenericSchema;

const household = {
  phones: ['phone-mary', 'phone-tom'],
  displays: ['stb-living-room', 'stb-bedroom'],
  callers: ['5055551313', '9005550000', '4155550123'],
};

/** Valid bodies, for the schemas whose every field has an arbitrary here: each in the form its parse gives back. */
const VALID: Partial<Record<BodyName, fc.Arbitrary<unknown>>> = {
  CarrierHook: fc.oneof(
    fc.record(
      {
        type: fc.constant('message.deposited'),
        messageId: text(64, 1),
        mailbox: phoneNumber,
        callerName,
        callerNumber,
        receivedAt: isoTimestamp,
        durationSec: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((n) => n + 0),
        format: text(16),
        transcript: fc.option(text(4000), { nil: null }),
      },
      {
        noNullPrototype: true,
        requiredKeys: [
          'type',
          'messageId',
          'mailbox',
          'callerName',
          'callerNumber',
          'receivedAt',
          'durationSec',
          'format',
        ],
      },
    ),
    fc.record(
      {
        type: fc.constant('call.ringing'),
        callId: text(64, 1),
        line: phoneNumber,
        callerName,
        callerNumber,
        at: isoTimestamp,
      },
      { noNullPrototype: true },
    ),
    fc.record(
      {
        type: fc.constant('call.ended'),
        callId: text(64, 1),
        line: phoneNumber,
        reason: fc.constantFrom('answered', 'hung-up', 'voicemail'),
        at: isoTimestamp,
      },
      { noNullPrototype: true },
    ),
  ),
  DepositRequest: fc
    .tuple(
      fc.record(
        {
          callerName,
          callerNumber,
          transcript: text(4000),
          damage: fc.constant('truncate'),
        },
        { noNullPrototype: true, requiredKeys: ['callerName', 'callerNumber'] },
      ),
      fc.oneof(
        fc
          .record({ say: text(2000).map((say) => say.trim()) }, { noNullPrototype: true })
          .filter(({ say }) => say.length > 0),
        fc.record(
          {
            audio: fc.record(
              {
                format: fc.constantFrom('amr-nb', 'amr-wb', 'qcelp', 'wav', 'gsm'),
                base64: fc
                  .uint8Array({ maxLength: 300 })
                  .map((bytes) => Buffer.from(bytes).toString('base64')),
                encode: fc.constant('amr-nb'),
              },
              { noNullPrototype: true, requiredKeys: ['format', 'base64'] },
            ),
          },
          { noNullPrototype: true },
        ),
      ),
    )
    .map(([common, what]) => ({ ...common, ...what })),
  PairRequest: fc.record({ deviceId: text(64, 1) }, { noNullPrototype: true }),
  SendSmsRequest: fc.record(
    { to: phoneNumber, text: text(1600).filter((t) => t.trim().length > 0) },
    { noNullPrototype: true },
  ),
  UpdateConfig: fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .chain((around) => policyConfig(household, around))
    .map((config) => ({ config })),
};
const withValid = Object.keys(VALID) as BodyName[];

/** A route per body schema that reads with `readJson` and keeps what it returned. */
function bodyApp() {
  const app = new Hono();
  let last: BodyResult<unknown> | undefined;
  app.post('/:schema', async (c) => {
    last = await readJson(c, schemaOf(c.req.param('schema') as BodyName));
    return last.ok ? c.json({ accepted: true }) : last.response;
  });
  return {
    async post(name: BodyName, body: string) {
      last = undefined;
      const response = await app.request(`/${name}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      return { response, read: last as BodyResult<unknown> | undefined };
    },
  };
}

/** Anything a client could send as a body to any route: not JSON, any JSON, a valid body with one thing wrong. */
const anyBody: fc.Arbitrary<[BodyName, string]> = fc.oneof(
  fc.tuple(fc.constantFrom(...BODY_SCHEMAS), fc.string({ unit: 'binary', maxLength: 200 })),
  fc.tuple(
    fc.constantFrom(...BODY_SCHEMAS),
    fc.jsonValue().map((json) => JSON.stringify(json)),
  ),
  fc.constantFrom(...withValid).chain((name) =>
    fc.tuple(
      fc.constant(name),
      mutated(VALID[name]!).map((json) => JSON.stringify(json)),
    ),
  ),
);

describe('REST bodies: properties', () => {
  test('any body to any route is read or refused with a 400 PROTOCOL_MALFORMED error body, never an exception', async () => {
    const app = bodyApp();
    await fc.assert(
      fc.asyncProperty(anyBody, async ([name, body]) => {
        const { response, read } = await app.post(name, body);
        assert.ok(read, 'readJson returned (it did not throw)');
        if (read.ok) {
          assert.equal(response.status, 200);
          assert.equal(
            read.raw,
            body,
            'the raw body is what was sent (webhook signatures are checked over it)',
          );
          // What was accepted, sent again, is accepted as the same value.
          const again = await app.post(name, JSON.stringify(read.value));
          assert.ok(again.read?.ok);
          assert.deepEqual(again.read.value, read.value);
          return;
        }
        assert.equal(response.status, 400);
        const error = ((await response.json()) as ErrorBody).error;
        assert.equal(error.code, ErrorCode.ProtocolMalformed);
        assert.ok(typeof error.message === 'string' && error.message.length > 0, 'a refusal says why');
        if (error.details) assert.deepEqual(Object.keys(error.details), ['field']);
        if (error.details?.field !== undefined) assert.ok(error.details.field.length > 0);
      }),
      runs(300),
    );
  });

  test('every valid body round-trips: serialised and read, the route gets it back unchanged', async () => {
    const app = bodyApp();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withValid).chain((name) => fc.tuple(fc.constant(name), VALID[name]!)),
        async ([name, body]) => {
          const { response, read } = await app.post(name, JSON.stringify(body));
          assert.equal(response.status, 200);
          assert.ok(read?.ok);
          assert.deepEqual(read.value, body);
        },
      ),
      runs(200),
    );
  });

  test('a body over the route’s limit is refused with a 413 PROTOCOL_TOO_LARGE and a closed connection; within it, the route reads it whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 128, 256, 1024, 8 * 1024),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.integer({ min: -40, max: 40 }),
        fc.boolean(),
        async (maxBytes, start, overBy, sayLength) => {
          // Any text, filled with ASCII to about the limit: multi-byte characters and lone surrogates included.
          const body = start + 'x'.repeat(Math.max(0, maxBytes + overBy - Buffer.byteLength(start)));
          const bytes = Buffer.byteLength(body);
          let seen: string | undefined;
          const app = new Hono();
          app.post('/', limitBody(maxBytes), async (c) => {
            seen = await c.req.text();
            return c.body(null, 204);
          });
          const response = await app.request('/', {
            method: 'POST',
            body,
            headers: sayLength ? { 'content-length': String(bytes) } : {},
          });
          if (bytes > maxBytes) {
            assert.equal(response.status, 413);
            assert.equal(response.headers.get('connection'), 'close');
            assert.equal(((await response.json()) as ErrorBody).error.code, ErrorCode.ProtocolTooLarge);
            assert.equal(seen, undefined, 'the route never ran');
          } else {
            assert.equal(response.status, 204);
            // As UTF-8 carries it: a lone surrogate arrives as U+FFFD.
            assert.equal(seen, Buffer.from(body, 'utf8').toString('utf8'));
          }
        },
      ),
      propertyOptions,
    );
  });
});
