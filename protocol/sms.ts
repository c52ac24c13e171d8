import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';

/**
 * The SMS network (the carrier's SMSC, simulated): a handset sends and receives texts with its SIM key, and reads
 * its line's feed of texts received and delivery reports.
 */

/** A text as a person types it: up to ten SMS segments. Plain text, never markup. */
export const SmsText = v.pipe(
  v.string(),
  v.maxLength(1600, 'a text is at most 1,600 characters'),
  v.check((text) => text.trim().length > 0, 'a text cannot be empty'),
);

export const SendSmsRequest = v.strictObject({ to: PhoneNumber, text: SmsText });
export type SendSmsRequest = v.InferOutput<typeof SendSmsRequest>;

export const SmsAccepted = v.strictObject({ messageId: v.string(), status: v.literal('accepted') });
export type SmsAccepted = v.InferOutput<typeof SmsAccepted>;

export const SmsStatusView = v.strictObject({
  messageId: v.string(),
  status: v.picklist(['accepted', 'delivered', 'failed']),
  reason: v.nullable(v.string()),
});
export type SmsStatusView = v.InferOutput<typeof SmsStatusView>;

/** Someone outside texts a line of this network. */
export const InboundSmsRequest = v.strictObject({ from: PhoneNumber, to: PhoneNumber, text: SmsText });

/** A test makes texts to a number fail (with a reason), or work again. */
export const SmsFaultRequest = v.strictObject({
  number: PhoneNumber,
  fail: v.boolean(),
  reason: v.optional(v.pipe(v.string(), v.maxLength(120))),
});

export const LineEvent = v.variant('type', [
  v.strictObject({
    seq: v.number(),
    type: v.literal('sms.received'),
    messageId: v.string(),
    from: v.string(),
    text: v.string(),
    at: v.string(),
  }),
  v.strictObject({
    seq: v.number(),
    type: v.literal('sms.report'),
    messageId: v.string(),
    status: v.picklist(['delivered', 'failed']),
    reason: v.nullable(v.string()),
  }),
]);
export type LineEvent = v.InferOutput<typeof LineEvent>;

export const LineFeed = v.strictObject({ events: v.array(LineEvent) });
export type LineFeed = v.InferOutput<typeof LineFeed>;
