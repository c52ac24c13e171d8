import * as v from 'valibot';
import { ErrorCode } from './errors.ts';
import { EventSchemas, type EventData, type EventName } from './events.ts';

/**
 * The push channel: one WebSocket per device.
 *
 * device → server: `hello` (first frame, carries the token), `ack`, `ping`.
 * server → device: `welcome`, `event`, `pong`, `error`.
 *
 * Events carry a per-device sequence number and a stable id. A device acknowledges the highest sequence it
 * has handled (acknowledgement is cumulative); unacknowledged events are replayed in order after reconnect.
 * Ids are what a device deduplicates on, so display is at most once even though delivery is at least once.
 */
export const PROTOCOL_VERSION = 1;

/** The gateway refuses frames larger than this (the socket gets close code 1009). */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Close codes the gateway uses, in the 4000–4999 range that RFC 6455 leaves to applications. */
export const CloseCode = {
  AuthFailed: 4401,
  AuthTimeout: 4408,
  Replaced: 4409,
  /** The device was removed from its household (its tokens revoked): enroll again. */
  Revoked: 4403,
  ProtocolViolation: 4400,
} as const;

const Seq = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

export const HelloFrame = v.strictObject({
  type: v.literal('hello'),
  v: v.literal(PROTOCOL_VERSION),
  token: v.pipe(v.string(), v.minLength(16), v.maxLength(256)),
  /** The epoch the device's `lastSeq` belongs to (from an earlier `welcome`); omitted on first connect. */
  epoch: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** The highest sequence the device has handled; the gateway treats it as an acknowledgement. */
  lastSeq: Seq,
});

export const AckFrame = v.strictObject({ type: v.literal('ack'), seq: Seq });
export const PingFrame = v.strictObject({ type: v.literal('ping'), t: v.number() });

export const ClientFrame = v.variant('type', [HelloFrame, AckFrame, PingFrame]);
export type ClientFrame = v.InferOutput<typeof ClientFrame>;
export type HelloFrame = v.InferOutput<typeof HelloFrame>;

export const WelcomeFrame = v.strictObject({
  type: v.literal('welcome'),
  deviceId: v.string(),
  /**
   * Identifies the outbox the sequence numbers come from. When it differs from the device's stored epoch
   * (the server's database was replaced), the device starts again from `lastSeq` 0 and relies on ids.
   */
  epoch: v.string(),
  /** How often the device should ping; the gateway drops peers that stay silent for two intervals. */
  heartbeatMs: v.number(),
  serverTime: v.pipe(v.string(), v.isoTimestamp()),
});

const eventFrame = <N extends EventName>(name: N) =>
  v.strictObject({
    type: v.literal('event'),
    seq: Seq,
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
    at: v.pipe(v.string(), v.isoTimestamp()),
    name: v.literal(name),
    data: EventSchemas[name],
  });

export const EventFrame = v.variant('name', [
  eventFrame('voicemail.new'),
  eventFrame('voicemail.updated'),
  eventFrame('consent.requested'),
  eventFrame('routing.changed'),
  eventFrame('callerid.incoming'),
  eventFrame('callerid.ended'),
  eventFrame('voicemail.summary'),
  eventFrame('capability.requested'),
  eventFrame('profiles.changed'),
  eventFrame('sms.send-request'),
  eventFrame('text.updated'),
  eventFrame('text.incoming'),
]);
export type EventFrame = v.InferOutput<typeof EventFrame>;

export const PongFrame = v.strictObject({ type: v.literal('pong'), t: v.number() });

export const ErrorFrame = v.strictObject({
  type: v.literal('error'),
  code: v.picklist(Object.values(ErrorCode)),
  message: v.string(),
});

export const ServerFrame = v.variant('type', [WelcomeFrame, EventFrame, PongFrame, ErrorFrame]);
export type ServerFrame = v.InferOutput<typeof ServerFrame>;
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrame>;
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;

/** A typed event as the gateway stores and sends it: one member per event name, so `name` narrows `data`. */
export type PushEvent<N extends EventName = EventName> = {
  [K in N]: { seq: number; id: string; at: string; name: K; data: EventData<K> };
}[N];

export type ParseResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      /** The first problem's path ("config.timeZone"). */ field?: string;
    };

/**
 * Parses one text frame. Never throws: bad JSON and schema mismatches come back as a stable code.
 *
 * @example
 * ```ts
 * const r = parseFrame(ClientFrame, text);
 * if (!r.ok) socket.send(JSON.stringify({ type: 'error', code: r.code, message: r.message }));
 * ```
 */
export function parseFrame<S extends v.GenericSchema>(
  schema: S,
  text: string,
): ParseResult<v.InferOutput<S>> {
  if (text.length > MAX_FRAME_BYTES) {
    return { ok: false, code: ErrorCode.ProtocolTooLarge, message: `frame exceeds ${MAX_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: ErrorCode.ProtocolMalformed, message: 'frame is not valid JSON' };
  }
  return validate(schema, json);
}

/** Validates an already-parsed value (a REST body), with the same result shape as {@link parseFrame}. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  const field = result.issues[0]?.path?.map((p) => String(p.key)).join('.');
  return {
    ok: false,
    code: ErrorCode.ProtocolMalformed,
    message: summarizeIssues(result.issues),
    ...(field ? { field } : {}),
  };
}

/** "lastSeq: Invalid type…; token: …" — short enough for a log line, exact enough to fix the sender. */
export function summarizeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
