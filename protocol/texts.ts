import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';
import { SmsText } from './sms.ts';

/**
 * Texts through the phone: a device without SMS (the TV) asks a proxy (the phone) to send a text as SMS; the
 * proxy checks and sends it through the SMS network and reports back; copies and replies reach every device of
 * the household that may see them.
 */

/**
 * How many texts one device may send through a phone: the phone holds to these itself, and the relay refuses
 * beyond them too, so a device the phone trusts still cannot flood the network with its SIM.
 */
export const TEXT_LIMITS = { perHour: 10, perDay: 50 } as const;

/** Where a text is: every send ends in delivered, failed or unauthorized — never silently nowhere. */
export const TextStatus = v.picklist([
  'queued',
  'sent-to-phone',
  'sent',
  'delivered',
  'failed',
  'unauthorized',
]);
export type TextStatus = v.InferOutput<typeof TextStatus>;

/** `POST /api/texts`: the proxied device's request. */
export const SendTextRequest = v.strictObject({
  /** The sender's own id for it, so a retry after a lost answer is the same text. */
  clientId: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  /** The proxy chosen from the profiles. */
  proxyProfileId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  recipient: PhoneNumber,
  payload: SmsText,
  /** The "send as SMS" flag: the proxy is the destination, the recipient is the number. */
  sendAsSms: v.literal(true),
  /** How long it may wait for an offline phone before it fails. */
  waitMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60))),
});
export type SendTextRequest = v.InferOutput<typeof SendTextRequest>;

export const TextView = v.strictObject({
  textId: v.string(),
  clientId: v.string(),
  /** The device that asked (its name: "Living-room TV"). */
  fromName: v.string(),
  recipient: v.string(),
  payload: v.string(),
  status: TextStatus,
  reason: v.nullable(v.string()),
  at: v.string(),
});
export type TextView = v.InferOutput<typeof TextView>;

/** `POST /api/texts/:id/status`: the proxy says what became of it. */
export const TextStatusReport = v.strictObject({
  status: v.picklist(['sent', 'delivered', 'failed', 'unauthorized']),
  reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type TextStatusReport = v.InferOutput<typeof TextStatusReport>;

/** `POST /api/texts/incoming`: the proxy received a text; the household's other devices may show it. */
export const IncomingTextReport = v.strictObject({
  /** The SMS network's id: a report sent twice reaches each device once (the push outbox is keyed by it). */
  smsId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  from: PhoneNumber,
  text: SmsText,
  receivedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type IncomingTextReport = v.InferOutput<typeof IncomingTextReport>;
