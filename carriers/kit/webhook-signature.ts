import { createHmac } from 'node:crypto';

/**
 * `sha256=<hex HMAC of the raw body>`: how a carrier signs its webhooks (the header is the protocol's
 * `WEBHOOK_SIGNATURE_HEADER`). Our backend verifies it with its own code: the two meet only on the wire.
 */
export function signWebhook(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}
