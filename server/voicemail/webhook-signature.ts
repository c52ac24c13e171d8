import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC of the raw body>`, the header the voicemail server signs its webhooks with. */
export function signWebhook(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export function verifyWebhook(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
