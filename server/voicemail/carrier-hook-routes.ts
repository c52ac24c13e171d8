import { Hono } from 'hono';
import { CarrierHook, type HookAccepted } from '../../protocol/index.ts';
import type { CallerIdProxy } from '../callerid/caller-id-proxy.ts';
import { limitBody, parseJson } from '../http/respond.ts';
import type { VoicemailProxy } from './voicemail-proxy.ts';
import type { WebhookVerifier } from './webhook-signature.ts';

const UTF8 = new TextDecoder();

/**
 * `/hooks/voicemail`: the carrier's signed webhook — a voicemail deposited, a line ringing, a call ended. Its
 * Standard Webhooks headers, signature and timestamp are checked on the raw bytes before anything is parsed, and
 * its id is claimed before anything is done, so a replay changes nothing (the verifier's errors are ApiErrors).
 */
export function carrierHookRoutes(deps: {
  verifier: WebhookVerifier;
  proxy: VoicemailProxy;
  callerId: CallerIdProxy;
}): Hono {
  const app = new Hono({ strict: false });
  const { verifier, proxy, callerId } = deps;
  app.post('/voicemail', limitBody(16 * 1024), async (c) => {
    // Read once: the signature is over the bytes, the hook is their JSON.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const webhook = verifier.verify(bytes, (name) => c.req.header(name));
    const body = parseJson(c, UTF8.decode(bytes), CarrierHook);
    if (!body.ok) return body.response;
    const hook = body.value;
    await verifier.claim(webhook);
    let recipients: string[];
    try {
      recipients =
        hook.type === 'message.deposited'
          ? await proxy.onDeposited(hook)
          : hook.type === 'call.ringing'
            ? await callerId.onRinging(hook)
            : await callerId.onEnded(hook);
    } catch (error) {
      // Not processed: the carrier retries a failure (a 5xx) under the same id, and that retry must get through.
      await verifier.release(webhook);
      throw error;
    }
    const accepted: HookAccepted = { accepted: true, recipients };
    return c.json(accepted, 202);
  });

  return app;
}
