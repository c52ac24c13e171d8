import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  DepositRequest,
  ErrorCode,
  MAX_AUDIO_BYTES,
  PhoneNumber,
  WEBHOOK_SIGNATURE_HEADER,
  type DepositResponse,
  type VoicemailDepositedHook,
} from '../../../protocol/index.ts';
import * as v from 'valibot';
import { errorJson, limitBody, readJson } from '../../http/respond.ts';
import type { Logger } from '../../log.ts';
import { signWebhook } from '../../voicemail/webhook-signature.ts';
import { amrNbDurationMs, AmrFormatError } from './amr.ts';
import { speakToWav, wavToAmrNb } from './audio-encoding.ts';
import { MailboxStore } from './mailbox-store.ts';

export interface VoicemailServerSimulatorOptions {
  /** The simulator's own database file (`:memory:` in tests). */
  dbPath: string;
  /** Where to tell our voicemail proxy about new messages. */
  webhookUrl: string;
  webhookSecret: string;
  log: Logger;
  /** Waits between webhook attempts; the carrier retries a few times, then gives up. */
  webhookRetryDelaysMs?: readonly number[];
}

export interface VoicemailServerSimulator {
  app: Hono;
  mailboxes: MailboxStore;
  close(): void;
}

/**
 * The carrier's voicemail server, simulated: mailboxes keyed by phone number, messages with their audio in
 * AMR-NB as phones record it, and a signed webhook to the voicemail proxy for every new message.
 * It speaks HTTP only, so a real carrier integration replaces it by configuration.
 */
export function createVoicemailServerSimulator(
  options: VoicemailServerSimulatorOptions,
): VoicemailServerSimulator {
  const mailboxes = new MailboxStore(options.dbPath);
  const log = options.log;
  const retryDelays = options.webhookRetryDelaysMs ?? [250, 1000, 4000];
  const app = new Hono();

  app.get('/health', (c) => c.json({ ok: true }));

  app.post(
    '/mailboxes/:mailbox/messages',
    limitBody(Math.ceil((MAX_AUDIO_BYTES * 4) / 3) + 16 * 1024),
    async (c) => {
      const mailbox = v.safeParse(PhoneNumber, c.req.param('mailbox'));
      if (!mailbox.success || !mailboxes.hasMailbox(mailbox.output)) {
        return errorJson(c, 404, ErrorCode.MailboxNotFound, 'no such mailbox');
      }
      const body = await readJson(c, DepositRequest);
      if (!body.ok) return body.response;
      const request = body.value;

      let audio: Buffer;
      try {
        audio = await recordedAudio(request);
      } catch (error) {
        if (error instanceof AmrFormatError) return errorJson(c, 422, ErrorCode.AudioInvalid, error.message);
        log.warn('audio conversion failed', { error: String(error) });
        return errorJson(
          c,
          422,
          ErrorCode.AudioConversionFailed,
          'the audio could not be converted to AMR-NB',
        );
      }
      let durationMs: number;
      try {
        durationMs = amrNbDurationMs(audio);
      } catch (error) {
        return errorJson(c, 422, ErrorCode.AudioInvalid, (error as Error).message);
      }

      const message = {
        id: `msg_${randomUUID()}`,
        mailbox: mailbox.output,
        callerName: request.callerName,
        callerNumber: request.callerNumber,
        receivedAt: new Date().toISOString(),
        durationMs,
        format: 'amr-nb',
        transcript: request.transcript ?? request.say ?? null,
      };
      mailboxes.addMessage(message, audio);
      const proxyNotified = await notifyProxy({
        type: 'message.deposited',
        messageId: message.id,
        mailbox: message.mailbox,
        callerName: message.callerName,
        callerNumber: message.callerNumber,
        receivedAt: message.receivedAt,
        durationSec: Math.round(durationMs / 100) / 10,
        format: message.format,
      });
      const response: DepositResponse = {
        messageId: message.id,
        mailbox: message.mailbox,
        durationSec: durationMs / 1000,
        format: message.format,
        proxyNotified,
      };
      return c.json(response, 201);
    },
  );

  async function recordedAudio(request: DepositRequest): Promise<Buffer> {
    if (request.say !== undefined) return wavToAmrNb(await speakToWav(request.say));
    const bytes = Buffer.from(request.audio!.base64, 'base64');
    if (bytes.length > MAX_AUDIO_BYTES) throw new AmrFormatError(`audio exceeds ${MAX_AUDIO_BYTES} bytes`);
    return request.audio!.format === 'wav' ? wavToAmrNb(bytes) : bytes;
  }

  async function notifyProxy(hook: VoicemailDepositedHook): Promise<boolean> {
    const body = JSON.stringify(hook);
    const headers = {
      'content-type': 'application/json',
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.webhookSecret, body),
    };
    for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
      try {
        const response = await fetch(options.webhookUrl, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return true;
        // A 4xx will not get better by retrying.
        if (response.status < 500) {
          log.warn('voicemail proxy refused the webhook', {
            status: response.status,
            messageId: hook.messageId,
          });
          return false;
        }
      } catch (error) {
        log.warn('webhook attempt failed', { attempt: attempt + 1, error: String(error) });
      }
      const delay = retryDelays[attempt];
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return false;
  }

  return { app, mailboxes, close: () => mailboxes.close() };
}
