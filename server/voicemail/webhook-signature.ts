import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ErrorCode, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SEC } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { Database } from '../store/database.ts';

const SECRET_PREFIX = 'whsec_';
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** What we accept as a `webhook-id`: visible ASCII, as the ids senders make (`hook_…`, `msg_…`), and not unbounded. */
const MESSAGE_ID = /^[\x21-\x7e]{1,255}$/;
/** Whole seconds since the epoch (12 digits reach the year 33658; more is not a timestamp). */
const TIMESTAMP = /^\d{1,12}$/;
/** How often a process purges the ids of accepted webhooks whose window has passed. */
const PURGE_EVERY_MS = 60_000;

/**
 * The carrier webhook's shared secret in the Standard Webhooks format, `whsec_<standard base64 of 24–64 random
 * bytes>`, checked; `name` says where it came from, for the message people read when it is wrong. A value without
 * the prefix is a secret of the format before Standard Webhooks (a plain string whose UTF-8 bytes keyed the
 * HMAC): its bytes stay the key, re-encoded, so an existing secret keeps working — on our side and, through
 * `npm start`'s configuration, on the simulated carrier's. A real carrier keys its HMAC with the same bytes.
 */
export function webhookSecret(value: string, name: string): string {
  if (!value.startsWith(SECRET_PREFIX)) {
    if (value.trim() === '') throw new Error(`${name} is empty: give the carrier webhook's shared secret`);
    return SECRET_PREFIX + Buffer.from(value, 'utf8').toString('base64');
  }
  const base64 = value.slice(SECRET_PREFIX.length);
  const bytes = STANDARD_BASE64.test(base64) ? Buffer.from(base64, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    throw new Error(
      `${name} is not a Standard Webhooks secret: whsec_ must be followed by the standard base64 (with its ` +
        `padding) of 24 to 64 random bytes, e.g. "whsec_$(openssl rand -base64 32)"`,
    );
  }
  return value;
}

/** A webhook whose headers and signature checked out and whose timestamp is fresh. */
export interface VerifiedWebhook {
  /** Its `webhook-id`: the carrier's message, the same on every retry of it. */
  id: string;
  /** Its `webhook-timestamp`, in ms. */
  at: number;
}

/**
 * The carrier's webhooks, checked the Standard Webhooks way before anything in them is read: the headers, the
 * signature over id, timestamp and the raw body, the timestamp against our clock (±5 minutes), and the id against
 * the ones already accepted (kept in the database while they could still be fresh).
 */
export class WebhookVerifier {
  private readonly webhook: Webhook;
  private readonly store: Pick<Database, 'webhookIds'>;
  private readonly now: () => number;
  private readonly toleranceMs = WEBHOOK_TOLERANCE_SEC * 1000;
  /** When the next purge of expired ids is due: see forgetExpired(). */
  private purgeDueAt = 0;

  constructor(deps: { secret: string; store: Pick<Database, 'webhookIds'>; now?: () => number }) {
    this.webhook = new Webhook(webhookSecret(deps.secret, 'the webhook secret'));
    this.store = deps.store;
    this.now = deps.now ?? Date.now;
  }

  /**
   * Throws an {@link ApiError}: WEBHOOK_HEADERS_INVALID (a header missing or malformed), WEBHOOK_BAD_SIGNATURE, or
   * WEBHOOK_STALE (signed, but more than 5 minutes from our clock either way). `header` reads a request header.
   */
  verify(body: Uint8Array, header: (name: string) => string | undefined): VerifiedWebhook {
    const id = header(WEBHOOK_HEADERS.id);
    const timestamp = header(WEBHOOK_HEADERS.timestamp);
    const signatures = header(WEBHOOK_HEADERS.signature)?.trim();
    if (!id || !timestamp || !signatures) {
      const missing = Object.values(WEBHOOK_HEADERS).filter((name) => !header(name)?.trim());
      throw new ApiError(ErrorCode.WebhookHeadersInvalid, `the webhook has no ${missing.join(', ')} header`);
    }
    if (!MESSAGE_ID.test(id)) {
      throw new ApiError(
        ErrorCode.WebhookHeadersInvalid,
        `${WEBHOOK_HEADERS.id} must be 1 to 255 visible characters`,
      );
    }
    if (!TIMESTAMP.test(timestamp)) {
      throw new ApiError(
        ErrorCode.WebhookHeadersInvalid,
        `${WEBHOOK_HEADERS.timestamp} must be whole seconds since the epoch`,
      );
    }
    const at = Number(timestamp) * 1000;
    // The library signs; the comparison is ours because its verify() reads Date.now() for the timestamp check and
    // cannot be given our clock. It compares the same way: any of the space-separated signatures, in constant time.
    const expected = Buffer.from(this.webhook.sign(id, new Date(at), body));
    const matches = signatures.split(/ +/).some((signature) => {
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!matches) {
      throw new ApiError(
        ErrorCode.WebhookBadSignature,
        'the webhook signature does not match its id, timestamp and body',
      );
    }
    const offsetSec = Math.round((this.now() - at) / 1000);
    if (Math.abs(this.now() - at) > this.toleranceMs) {
      throw new ApiError(
        ErrorCode.WebhookStale,
        `the webhook's timestamp is ${Math.abs(offsetSec)} s ${offsetSec > 0 ? 'behind' : 'ahead of'} our clock; ` +
          `more than ${WEBHOOK_TOLERANCE_SEC} s either way is refused`,
      );
    }
    return { id, at };
  }

  /**
   * Records a verified webhook's id, so it is processed once; throws WEBHOOK_REPLAYED when it was accepted before.
   * The id is kept a second past the end of its timestamp's window: from then on the timestamp refuses it.
   */
  async claim(webhook: VerifiedWebhook): Promise<void> {
    const expiresAt = webhook.at + this.toleranceMs + 1000;
    if (!(await this.store.webhookIds.claim(webhook.id, expiresAt, this.now()))) {
      throw new ApiError(ErrorCode.WebhookReplayed, `webhook ${webhook.id} was accepted before`);
    }
  }

  /**
   * Forgets the ids whose window has passed (their timestamps refuse them now), at most every
   * {@link PURGE_EVERY_MS}: an expired id is claimed anew anyway, so the purge only keeps the table small, and on
   * PostgreSQL it was one round trip in every webhook's path for rows that expire minutes later.
   */
  async forgetExpired(): Promise<void> {
    const now = this.now();
    if (now < this.purgeDueAt) return;
    this.purgeDueAt = now + PURGE_EVERY_MS;
    await this.store.webhookIds.purgeExpired(now);
  }
}

/**
 * The headers a sender of Standard Webhooks puts on `body` (a new id and the current time unless given), signed
 * with the library: how our tests and the benchmark play the carrier.
 */
export function signedWebhookHeaders(
  secret: string,
  body: string | Uint8Array,
  message: { id?: string; at?: number } = {},
): Record<string, string> {
  const id = message.id ?? `hook_${randomUUID()}`;
  const at = new Date(message.at ?? Date.now());
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(Math.floor(at.getTime() / 1000)),
    [WEBHOOK_HEADERS.signature]: new Webhook(webhookSecret(secret, 'the webhook secret')).sign(id, at, body),
  };
}
