import { Hono } from 'hono';
import { CarrierHook, type HookAccepted } from '../../protocol/index.ts';
import type { CallerIdProxy } from '../callerid/caller-id-proxy.ts';
import { limitBody, parseJson } from '../http/respond.ts';
import type { Database } from '../store/database.ts';
import type { Transcoder } from '../transcoder/transcoder.ts';
import type { VoicemailProxy } from './voicemail-proxy.ts';
import type { WebhookVerifier } from './webhook-signature.ts';

const UTF8 = new TextDecoder();

/**
 * `/hooks/voicemail`: the carrier's signed webhook — a voicemail deposited, a line ringing, a call ended. Its
 * Standard Webhooks headers, signature and timestamp are checked on the raw bytes before anything is parsed, and
 * its id is claimed with what it does, so a replay changes nothing (the verifier's errors are ApiErrors).
 */
export function carrierHookRoutes(deps: {
  verifier: WebhookVerifier;
  proxy: VoicemailProxy;
  callerId: CallerIdProxy;
  store: Pick<Database, 'transaction'>;
  transcoder: Pick<Transcoder, 'warm'>;
}): Hono {
  const app = new Hono({ strict: false });
  const { verifier, proxy, callerId, store, transcoder } = deps;
  app.post('/voicemail', limitBody(16 * 1024), async (c) => {
    // Read once: the signature is over the bytes, the hook is their JSON.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const webhook = verifier.verify(bytes, (name) => c.req.header(name));
    const body = parseJson(c, UTF8.decode(bytes), CarrierHook);
    if (!body.ok) return body.response;
    const hook = body.value;
    await verifier.forgetExpired();
    // The id is claimed in the transaction that does the work: both commit, or neither does. A database lost
    // half-way (a 503) leaves no claim behind, so the carrier's retry is processed; two copies arriving at two API
    // processes at once wait on the id's row, and the second finds it taken.
    const recipients = await store.transaction(async () => {
      await verifier.claim(webhook);
      return hook.type === 'message.deposited'
        ? await proxy.onDeposited(hook)
        : hook.type === 'call.ringing'
          ? await callerId.onRinging(hook)
          : await callerId.onEnded(hook);
    });
    // A message someone is told of may be listened to within minutes: its ffmpeg starts now, after the answer.
    if (hook.type === 'message.deposited' && recipients.length > 0) setImmediate(() => transcoder.warm());
    const accepted: HookAccepted = { accepted: true, recipients };
    return c.json(accepted, 202);
  });

  return app;
}
