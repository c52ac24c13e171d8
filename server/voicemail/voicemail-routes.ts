import { Readable } from 'node:stream';
import { Hono } from 'hono';
import {
  SessionActionRequest,
  UnlockRequest,
  type ActionResponse,
  type VoicemailList,
} from '../../protocol/index.ts';
import { limitBody, readJson } from '../http/respond.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import { deviceOf, requireDevice, type DeviceEnv } from '../http/device-auth.ts';
import type { VoicemailActions } from './voicemail-actions.ts';

/**
 * The device API for voicemail (`/api/voicemail`). Every route but the audio one needs
 * `Authorization: Bearer <device token>`; the audio URL carries the playback session instead, because an
 * `<audio>` element cannot send headers — the session is short-lived and bound to one device and message. A
 * player that fetches the audio itself sends the token too, and may then ask for it while the PIN is checked.
 */
export function voicemailRoutes(actions: VoicemailActions, tokens: DeviceTokens): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>();

  app.get('/playback/:sessionId/audio', async (c) => {
    const authorization = c.req.header('authorization');
    const device = authorization === undefined ? undefined : await deviceOf(tokens, authorization);
    const audio = await actions.audio(c.req.param('sessionId'), device);
    const range = parseRange(c.req.header('range'), audio.size);
    if (range === 'unsatisfiable') return c.body(null, 416, { 'content-range': `bytes */${audio.size}` });
    const headers: Record<string, string> = {
      'content-type': audio.contentType,
      'cache-control': 'private, no-store',
      ...(audio.size !== null ? { 'accept-ranges': 'bytes' } : {}),
    };
    if (range && audio.size !== null) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${audio.size}`;
      headers['content-length'] = String(range.end - range.start + 1);
      return c.body(Readable.toWeb(audio.open(range)) as ReadableStream, 206, headers);
    }
    if (audio.size !== null) headers['content-length'] = String(audio.size);
    return c.body(Readable.toWeb(audio.open()) as ReadableStream, 200, headers);
  });

  app.use(requireDevice(tokens));

  app.get('/', async (c) => {
    const list: VoicemailList = { messages: await actions.list(c.get('device')) };
    return c.json(list);
  });

  app.post('/:messageId/unlock', limitBody(1024), async (c) => {
    const body = await readJson(c, UnlockRequest);
    if (!body.ok) return body.response;
    const { pin, intent = 'listen', sessionId } = body.value;
    const session = await actions.unlock(c.get('device'), c.req.param('messageId'), pin, intent, sessionId);
    return c.json(session, 201);
  });

  app.post('/:messageId/heard', limitBody(1024), async (c) => {
    const body = await readJson(c, SessionActionRequest);
    if (!body.ok) return body.response;
    await actions.markHeard(c.get('device'), c.req.param('messageId'), body.value.sessionId);
    return c.json({ messageId: c.req.param('messageId'), state: 'heard' } satisfies ActionResponse);
  });

  app.post('/:messageId/later', async (c) => {
    await actions.later(c.get('device'), c.req.param('messageId'));
    return c.json({ messageId: c.req.param('messageId'), state: 'later' } satisfies ActionResponse);
  });

  app.post('/:messageId/delete', limitBody(1024), async (c) => {
    const body = await readJson(c, SessionActionRequest);
    if (!body.ok) return body.response;
    await actions.delete(c.get('device'), c.req.param('messageId'), body.value.sessionId);
    return c.json({ messageId: c.req.param('messageId'), state: 'deleted' } satisfies ActionResponse);
  });

  return app;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` on a file of known size; ranges on a stream still being made are ignored. */
function parseRange(header: string | undefined, size: number | null) {
  if (!header || size === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable' as const;
  return { start, end };
}
