import * as v from 'valibot';

/**
 * What a set-top box tells the backend about its display: the channel it is tuned to (the programme on it comes
 * from the operator's guide), and the viewer's "Quiet for this programme".
 */

/** A programme in the operator's guide. */
export const Programme = v.strictObject({
  title: v.string(),
  /** ISO instants. */
  start: v.pipe(v.string(), v.isoTimestamp()),
  end: v.pipe(v.string(), v.isoTimestamp()),
});
export type Programme = v.InferOutput<typeof Programme>;

/** `PUT /api/displays/me`: the channel the box shows now; null for none (an app, an input, standby). */
export const DisplayReport = v.strictObject({
  channel: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(32))),
});
export type DisplayReport = v.InferOutput<typeof DisplayReport>;

/** The display as the backend sees it: its channel, what is on, and how long it stays quiet. */
export const DisplayView = v.strictObject({
  channel: v.nullable(v.string()),
  programme: v.nullable(Programme),
  /** While set and in the future, alerts for this display wait, then come as one summary. */
  quietUntil: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
});
export type DisplayView = v.InferOutput<typeof DisplayView>;
