import { Hono } from 'hono';
import { CarrierHook, ErrorCode, WEBHOOK_SIGNATURE_HEADER, type HookAccepted } from '../../protocol/index.ts';
import type { CallerIdProxy } from '../callerid/caller-id-proxy.ts';
import { errorJson, limitBody, readJson } from '../http/respond.ts';
import type { VoicemailProxy } from './voicemail-proxy.ts';
import { verifyWebhook } from './webhook-signature.ts';

/**
 * `/hooks/voicemail`: the carrier's signed webhook — a voicemail deposited, a line ringing, a call ended. The
 * signature is checked on the raw body before anything is parsed.
 */
export function carrierHookRoutes(deps: {
  webhookSecret: string;
  proxy: VoicemailProxy;
  callerId: CallerIdProxy;
}): Hono {
  const app = new Hono({ strict: false });
  const { proxy, callerId } = deps;
  app.post('/voicemail', limitBody(16 * 1024), async (c) => {
    const raw = await c.req.text();
    if (!verifyWebhook(deps.webhookSecret, raw, c.req.header(WEBHOOK_SIGNATURE_HEADER))) {
      return errorJson(c, 401, ErrorCode.WebhookBadSignature, 'missing or invalid webhook signature');
    }
    const body = await readJson(c, CarrierHook);
    if (!body.ok) return body.response;
    const hook = body.value;
    const recipients =
      hook.type === 'message.deposited'
        ? await proxy.onDeposited(hook)
        : hook.type === 'call.ringing'
          ? await callerId.onRinging(hook)
          : await callerId.onEnded(hook);
    const accepted: HookAccepted = { accepted: true, recipients };
    return c.json(accepted, 202);
  });

  return app;
}
