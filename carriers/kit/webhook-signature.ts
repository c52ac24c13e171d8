import { Webhook } from 'standardwebhooks';
import { WEBHOOK_HEADERS } from '../../protocol/index.ts';

/**
 * How a carrier signs its webhooks: Standard Webhooks (the `standardwebhooks` library), with the shared secret in
 * its `whsec_<base64>` form. Our backend verifies with its own code: the two meet only on the wire.
 */
export class WebhookSigner {
  private readonly webhook: Webhook;

  /** Throws when `secret` is not `whsec_` followed by standard base64. */
  constructor(secret: string) {
    if (!secret.startsWith('whsec_')) {
      throw new Error(
        'the webhook secret must be whsec_ followed by the base64 of the key (Standard Webhooks)',
      );
    }
    try {
      this.webhook = new Webhook(secret);
    } catch (error) {
      throw new Error(`the webhook secret is not whsec_ followed by base64: ${String(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * The headers for one attempt at delivering `body`: `id` names the message and stays the same on every retry of
   * it; `at` is this attempt's time, so a retry minutes later is still fresh.
   */
  headers(id: string, at: Date, body: string): Record<string, string> {
    return {
      [WEBHOOK_HEADERS.id]: id,
      [WEBHOOK_HEADERS.timestamp]: String(Math.floor(at.getTime() / 1000)),
      [WEBHOOK_HEADERS.signature]: this.webhook.sign(id, at, body),
    };
  }
}
