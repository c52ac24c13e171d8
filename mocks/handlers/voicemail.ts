import { http, HttpResponse } from 'msw';
import type * as v from 'valibot';
import {
  SessionActionRequest,
  UnlockRequest,
  validate,
  type ErrorBody,
  type VoicemailList,
} from '../../protocol/index.ts';
import type { MockVoicemail } from '../mock-voicemail.ts';

const malformed = (message: string) =>
  HttpResponse.json({ error: { code: 'PROTOCOL_MALFORMED', message } } satisfies ErrorBody, { status: 400 });

async function body<S extends v.GenericSchema>(request: Request, schema: S) {
  const json: unknown = await request.json().catch(() => undefined);
  return validate(schema, json);
}

/** The backend's `/api/voicemail` routes, answered by a {@link MockVoicemail} with the same bodies and codes. */
export function voicemailHandlers(voicemail: MockVoicemail) {
  return [
    http.get('*/api/voicemail', () =>
      voicemail.unavailable
        ? HttpResponse.json({ error: { code: 'CARRIER_UNAVAILABLE', message: 'down' } } satisfies ErrorBody, {
            status: 503,
          })
        : HttpResponse.json({ messages: voicemail.messages } satisfies VoicemailList),
    ),
    http.post('*/api/voicemail/:id/unlock', async ({ request, params }) => {
      const parsed = await body(request, UnlockRequest);
      if (!parsed.ok) return malformed(parsed.message);
      const result = voicemail.unlock(String(params.id), parsed.value.pin);
      return 'status' in result
        ? HttpResponse.json(result.body, { status: result.status })
        : HttpResponse.json(result, { status: 201 });
    }),
    // A playback session whose audio the server refuses, as it does for a truncated AMR file.
    http.get('*/api/voicemail/playback/unplayable/audio', () =>
      HttpResponse.json(
        {
          error: {
            code: 'AUDIO_UNPLAYABLE',
            message: "This message can't be played",
            details: { reason: 'truncated' },
          },
        } satisfies ErrorBody,
        { status: 422 },
      ),
    ),
    http.post('*/api/voicemail/:id/later', ({ params }) => {
      voicemail.later.push(String(params.id));
      return HttpResponse.json({ messageId: String(params.id), state: 'later' });
    }),
    ...(['heard', 'delete'] as const).map((action) =>
      http.post(`*/api/voicemail/:id/${action}`, async ({ request, params }) => {
        const parsed = await body(request, SessionActionRequest);
        if (!parsed.ok) return malformed(parsed.message);
        const failure = voicemail.act(action, String(params.id), parsed.value.sessionId);
        if (failure) return HttpResponse.json(failure.body, { status: failure.status });
        return HttpResponse.json({
          messageId: String(params.id),
          state: action === 'delete' ? 'deleted' : 'heard',
        });
      }),
    ),
  ];
}
