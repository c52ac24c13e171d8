import * as v from 'valibot';
import { ContentType } from './policy.ts';

/**
 * What devices report back about what they were sent (`POST /api/deliveries`), for the delivery log that answers
 * "why didn't my TV show that?". That an event reached a device the gateway knows itself (its acknowledgement).
 */
export const DeviceOutcome = v.picklist(['displayed', 'dismissed', 'acted', 'not-displayed']);
export type DeviceOutcome = v.InferOutput<typeof DeviceOutcome>;

export const DeliveryReport = v.strictObject({
  contentType: ContentType,
  /** What it was about: the message id, the call id. */
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  outcome: DeviceOutcome,
  /** With "acted": what the viewer chose. */
  action: v.optional(v.picklist(['listen', 'later', 'delete', 'quiet', 'reply'])),
  /** With "not-displayed": why. With "dismissed": by the viewer or by its time running out. */
  reason: v.optional(v.picklist(['background', 'already-shown', 'user', 'timeout', 'withdrawn'])),
});
export type DeliveryReport = v.InferOutput<typeof DeliveryReport>;

/** Reports go in small batches: a device collects them for a moment and sends them together. */
export const DeliveryReports = v.strictObject({
  reports: v.pipe(v.array(DeliveryReport), v.minLength(1), v.maxLength(50)),
});
export type DeliveryReports = v.InferOutput<typeof DeliveryReports>;

export const DeliveryReportsAccepted = v.strictObject({
  recorded: v.number(),
  /** Reports about something this device was never sent: not logged. */
  ignored: v.number(),
});
export type DeliveryReportsAccepted = v.InferOutput<typeof DeliveryReportsAccepted>;
