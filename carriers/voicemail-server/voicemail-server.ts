import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import {
  DepositRequest,
  EndCallRequest,
  ErrorCode,
  PlaceCallRequest,
  type CallPlaced,
  type CarrierHook,
  MailboxSessionRequest,
  MAX_AUDIO_BYTES,
  MoveRequest,
  PhoneNumber,
  SetPinRequest,
  type AudioFormat,
  type DepositResponse,
  type ErrorBody,
  type MailboxSessionResponse,
  type VoicemailList,
} from '../../protocol/index.ts';
import { errorJson, limitBody, readJson } from '../kit/respond.ts';
import type { Logger } from '../kit/log.ts';
import { WebhookSigner } from '../kit/webhook-signature.ts';
import { amrFrames } from '../../voicemail-audio/amr.ts';
import { AudioFormatError, probeAudio } from '../../voicemail-audio/audio-format.ts';
import { speakToWav, wavToAmrNb } from './audio-encoding.ts';
import { MailboxStore, type StoredMessage } from './mailbox-store.ts';
import { PinGuard, type PinFailure } from './pin-guard.ts';

export interface VoicemailServerSimulatorOptions {
  /** The simulator's own database file (`:memory:` in tests). */
  dbPath: string;
  /** Where to tell our voicemail proxy about new messages (a function when it is known only later). */
  webhookUrl: string | (() => string);
  /** Shared with the proxy: `whsec_<base64>`, the Standard Webhooks form (a plain string is refused). */
  webhookSecret: string;
  /** The key partners (our voicemail proxy) present as `Authorization: Bearer …` on the mailbox API. */
  partnerApiKey: string;
  log: Logger;
  /** Waits between webhook attempts; the carrier retries a few times, then gives up. */
  webhookRetryDelaysMs?: readonly number[];
  /** How long a mailbox session opened with the PIN lasts. */
  sessionTtlMs?: number;
  now?: () => number;
}

export interface VoicemailServerSimulator {
  app: Hono;
  mailboxes: MailboxStore;
  pins: PinGuard;
  close(): void;
}

export const MAILBOX_SESSION_HEADER = 'x-mailbox-session';

const CONTENT_TYPES: Record<StoredMessage['format'], string> = {
  'amr-nb': 'audio/amr',
  'amr-wb': 'audio/amr-wb',
  qcelp: 'audio/qcelp',
  wav: 'audio/wav',
  gsm: 'audio/gsm',
};

/**
 * The carrier's voicemail server, simulated: mailboxes keyed by phone number with hashed PINs and attempt limits,
 * messages in their original audio format with folders new / saved / deleted, a signed webhook to the voicemail
 * proxy for every new message, and a partner API that our proxy uses exactly as it would a real carrier's.
 */
export function createVoicemailServerSimulator(
  options: VoicemailServerSimulatorOptions,
): VoicemailServerSimulator {
  const signer = new WebhookSigner(options.webhookSecret);
  const mailboxes = new MailboxStore(options.dbPath);
  const now = options.now ?? Date.now;
  const pins = new PinGuard(mailboxes, now);
  const log = options.log;
  const retryDelays = options.webhookRetryDelaysMs ?? [250, 1000, 4000];
  const sessionTtlMs = options.sessionTtlMs ?? 5 * 60_000;
  const sessions = new Map<string, { mailbox: string; expiresAt: number }>();
  /** Calls ringing now, by id: the line they ring. */
  const calls = new Map<string, string>();
  const app = new Hono();

  app.get('/health', (c) => c.json({ ok: true }));

  /** The mailbox named in the path, or a ready 404. */
  const mailboxOf = (c: Context) => {
    const parsed = v.safeParse(PhoneNumber, c.req.param('mailbox'));
    const box = parsed.success ? mailboxes.getMailbox(parsed.output) : undefined;
    return box ? { box } : { response: errorJson(c, 404, ErrorCode.MailboxNotFound, 'no such mailbox') };
  };

  // ---- The phone network's side: callers leave messages, owners set their PIN. ----

  app.post(
    '/mailboxes/:mailbox/messages',
    limitBody(Math.ceil((MAX_AUDIO_BYTES * 4) / 3) + 16 * 1024),
    async (c) => {
      const { box, response } = mailboxOf(c);
      if (!box) return response;
      const body = await readJson(c, DepositRequest);
      if (!body.ok) return body.response;
      const request = body.value;

      let audio: Buffer;
      try {
        audio = await recordedAudio(request);
      } catch (error) {
        log.warn('audio conversion failed', { error: String(error) });
        return errorJson(c, 422, ErrorCode.AudioConversionFailed, 'the audio could not be converted');
      }
      if (audio.length > MAX_AUDIO_BYTES)
        return errorJson(c, 413, ErrorCode.ProtocolTooLarge, 'audio is too large');
      let probed;
      try {
        probed = await probeAudio(audio);
        if (request.audio && !request.audio.encode && probed.format !== request.audio.format) {
          throw new AudioFormatError(`the file is ${probed.format}, not ${request.audio.format}`);
        }
      } catch (error) {
        if (error instanceof AudioFormatError)
          return errorJson(c, 422, ErrorCode.AudioInvalid, error.message);
        throw error;
      }

      const message = {
        id: `msg_${randomUUID()}`,
        mailbox: box.number,
        callerName: request.callerName,
        callerNumber: request.callerNumber,
        receivedAt: new Date(now()).toISOString(),
        durationMs: probed.durationMs,
        format: probed.format,
        transcript: request.transcript ?? request.say ?? null,
      };
      mailboxes.addMessage(
        message,
        request.damage === 'truncate' ? cutMidFrame(audio, probed.format) : audio,
      );
      const proxyNotified = await notifyProxy({
        type: 'message.deposited',
        messageId: message.id,
        mailbox: message.mailbox,
        callerName: message.callerName,
        callerNumber: message.callerNumber,
        receivedAt: message.receivedAt,
        durationSec: Math.round(probed.durationMs / 100) / 10,
        format: message.format,
        transcript: message.transcript,
      });
      const result: DepositResponse = {
        messageId: message.id,
        mailbox: message.mailbox,
        durationSec: probed.durationMs / 1000,
        format: message.format,
        proxyNotified,
      };
      return c.json(result, 201);
    },
  );

  // A caller rings a line: the carrier tells our proxy at once (caller ID), and again when it stops ringing.
  app.post('/calls', limitBody(1024), async (c) => {
    const body = await readJson(c, PlaceCallRequest);
    if (!body.ok) return body.response;
    const box = mailboxes.getMailbox(body.value.to);
    if (!box) return errorJson(c, 404, ErrorCode.MailboxNotFound, 'no such line at this carrier');
    const callId = `call_${randomUUID()}`;
    calls.set(callId, box.number);
    const proxyNotified = await notifyProxy({
      type: 'call.ringing',
      callId,
      line: box.number,
      callerName: body.value.callerName,
      callerNumber: body.value.callerNumber,
      at: new Date(now()).toISOString(),
    });
    const placed: CallPlaced = { callId, proxyNotified };
    return c.json(placed, 201);
  });

  app.post('/calls/:id/end', limitBody(256), async (c) => {
    const body = await readJson(c, EndCallRequest);
    if (!body.ok) return body.response;
    const callId = c.req.param('id');
    const line = calls.get(callId);
    if (!line) return errorJson(c, 404, ErrorCode.NotFound, 'no such call, or it has ended');
    calls.delete(callId);
    const proxyNotified = await notifyProxy({
      type: 'call.ended',
      callId,
      line,
      reason: body.value.reason,
      at: new Date(now()).toISOString(),
    });
    return c.json({ callId, proxyNotified });
  });

  // The owner sets the PIN from their phone: freely the first time, with the current PIN after that.
  app.put('/mailboxes/:mailbox/pin', limitBody(1024), async (c) => {
    const { box, response } = mailboxOf(c);
    if (!box) return response;
    const body = await readJson(
      c,
      v.strictObject({ ...SetPinRequest.entries, currentPin: v.optional(v.string()) }),
    );
    if (!body.ok) return body.response;
    const outcome = await pins.setPin(box.number, body.value.pin, body.value.currentPin);
    if (outcome.ok) return c.body(null, 204);
    if (outcome.reason === 'rejected') return errorJson(c, 422, ErrorCode.PinRejected, outcome.problem);
    if (outcome.reason === 'current-required') {
      return errorJson(c, 403, ErrorCode.PinWrong, 'give the current PIN to change it');
    }
    return pinError(c, outcome);
  });

  // ---- The partner API: what our voicemail proxy calls. ----

  const partner = new Hono();
  partner.use(async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${options.partnerApiKey}`) {
      return errorJson(c, 401, ErrorCode.AuthInvalidDevice, 'partner credentials required');
    }
    await next();
  });

  partner.get('/mailboxes/:mailbox/messages', (c) => {
    const { box, response } = mailboxOf(c);
    if (!box) return response;
    const list: VoicemailList = {
      messages: mailboxes.listMessages(box.number).map((m) => ({
        id: m.id,
        mailbox: m.mailbox,
        mailboxOwner: box.ownerName,
        callerName: m.callerName,
        callerNumber: m.callerNumber,
        receivedAt: m.receivedAt,
        durationSec: m.durationMs / 1000,
        format: m.format,
        folder: m.folder,
        transcript: m.transcript,
      })),
    };
    return c.json(list);
  });

  partner.post('/mailboxes/:mailbox/sessions', limitBody(1024), async (c) => {
    const { box, response } = mailboxOf(c);
    if (!box) return response;
    const body = await readJson(c, MailboxSessionRequest);
    if (!body.ok) return body.response;
    const check = await pins.check(box.number, body.value.pin);
    if (!check.ok) return pinError(c, check);
    const session = randomBytes(24).toString('base64url');
    const expiresAt = now() + sessionTtlMs;
    sessions.set(session, { mailbox: box.number, expiresAt });
    const opened: MailboxSessionResponse = { session, expiresAt: new Date(expiresAt).toISOString() };
    return c.json(opened, 201);
  });

  /** The message named in the path, in a mailbox the request's session has unlocked; or a ready error. */
  const unlockedMessage = (c: Context) => {
    const { box, response } = mailboxOf(c);
    if (!box) return { response };
    const session = sessions.get(c.req.header(MAILBOX_SESSION_HEADER) ?? '');
    if (!session || session.mailbox !== box.number || session.expiresAt <= now()) {
      return {
        response: errorJson(c, 401, ErrorCode.SessionInvalid, 'open a mailbox session with the PIN first'),
      };
    }
    const message = mailboxes.getMessage(box.number, c.req.param('id') ?? '');
    if (!message || message.folder === 'deleted') {
      return { response: errorJson(c, 404, ErrorCode.MessageNotFound, 'no such message') };
    }
    return { message };
  };

  partner.get('/mailboxes/:mailbox/messages/:id/audio', (c) => {
    const { message, response } = unlockedMessage(c);
    if (!message) return response;
    const audio = mailboxes.getAudio(message.mailbox, message.id)!;
    return c.body(new Uint8Array(audio), 200, {
      'content-type': CONTENT_TYPES[message.format],
      'x-audio-format': message.format,
    });
  });

  partner.post('/mailboxes/:mailbox/messages/:id/move', limitBody(1024), async (c) => {
    const { message, response } = unlockedMessage(c);
    if (!message) return response;
    const body = await readJson(c, MoveRequest);
    if (!body.ok) return body.response;
    mailboxes.moveMessage(message.mailbox, message.id, body.value.folder);
    return c.body(null, 204);
  });

  partner.delete('/mailboxes/:mailbox/messages/:id', (c) => {
    const { message, response } = unlockedMessage(c);
    if (!message) return response;
    mailboxes.moveMessage(message.mailbox, message.id, 'deleted');
    return c.body(null, 204);
  });

  app.route('/partner', partner);

  function pinError(c: Context, check: PinFailure): Response {
    const body = (
      code: ErrorBody['error']['code'],
      message: string,
      details?: ErrorBody['error']['details'],
    ): ErrorBody => ({
      error: { code, message, ...(details ? { details } : {}) },
    });
    switch (check.reason) {
      case 'not-set':
        return c.json(body(ErrorCode.PinNotSet, 'this mailbox has no PIN yet'), 409);
      case 'wrong':
        return c.json(body(ErrorCode.PinWrong, 'wrong PIN', { attemptsLeft: check.attemptsLeft }), 403);
      case 'locked':
        return c.json(
          body(ErrorCode.PinLocked, 'too many wrong PINs', {
            retryAfterSec: Math.ceil(check.retryAfterMs / 1000),
          }),
          423,
          { 'retry-after': String(Math.ceil(check.retryAfterMs / 1000)) },
        );
    }
  }

  async function recordedAudio(request: DepositRequest): Promise<Buffer> {
    if (request.say !== undefined) return wavToAmrNb(await speakToWav(request.say));
    const bytes = Buffer.from(request.audio!.base64, 'base64');
    return request.audio!.encode === 'amr-nb' ? wavToAmrNb(bytes) : bytes;
  }

  async function notifyProxy(hook: CarrierHook): Promise<boolean> {
    const body = JSON.stringify(hook);
    // One id for the message, kept on every retry; each attempt is signed at its own time.
    const id = `hook_${randomUUID()}`;
    for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
      try {
        const url = typeof options.webhookUrl === 'function' ? options.webhookUrl() : options.webhookUrl;
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signer.headers(id, new Date(now()), body) },
          body,
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return true;
        // A retry the proxy calls a replay: an earlier attempt got through, and only its answer was lost.
        if (attempt > 0 && (await refusalCode(response)) === ErrorCode.WebhookReplayed) return true;
        // A 4xx will not get better by retrying.
        if (response.status < 500) {
          log.warn('voicemail proxy refused the webhook', { status: response.status, type: hook.type });
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

  return { app, mailboxes, pins, close: () => mailboxes.close() };
}

/** The error code in a refusal's body, if it has one. */
async function refusalCode(response: Response): Promise<string | undefined> {
  try {
    return ((await response.clone().json()) as Partial<ErrorBody>).error?.code;
  } catch {
    return undefined;
  }
}

/**
 * Fault injection (`damage: "truncate"`): the recording as a transfer cut off in transit leaves it, ending halfway
 * through its last frame of speech (trailing NO_DATA frames are a byte each, so cutting a fixed count of bytes
 * could land on a frame boundary and leave a valid, shorter file). Other formats lose their second half.
 */
function cutMidFrame(audio: Buffer, format: AudioFormat): Buffer {
  if (format !== 'amr-nb' && format !== 'amr-wb') return audio.subarray(0, Math.ceil(audio.length / 2));
  const speech = amrFrames(audio, format).findLast((frame) => frame.bytes > 6);
  if (!speech) return audio.subarray(0, audio.length - 1);
  return audio.subarray(0, speech.offset + Math.ceil(speech.bytes / 2));
}
