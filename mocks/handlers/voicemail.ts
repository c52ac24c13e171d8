import { http, HttpResponse } from 'msw';
import { ErrorCode, SessionActionRequest, UnlockRequest, type VoicemailList } from '../../protocol/index.ts';
import type { MockDeviceTokens } from '../mock-device-tokens.ts';
import { MOCK_AUDIO_URL, type MockVoicemail } from '../mock-voicemail.ts';
import { failure } from '../refusals.ts';
import { answer, bearerToken, deviceRefusal, jsonBody, refusal } from './responses.ts';

/**
 * The backend's `/api/voicemail` routes, answered by a {@link MockVoicemail} with the same bodies and codes. Every
 * route but the audio one (its URL carries the playback session) takes a device token that `tokens` knows.
 */
export function voicemailHandlers(voicemail: MockVoicemail, tokens: MockDeviceTokens) {
  const isDevice = (request: Request) => tokens.deviceOf(bearerToken(request)) !== undefined;
  let busyAudioAsked = 0;
  return [
    http.get('*/api/voicemail', ({ request }) => {
      if (!isDevice(request)) return deviceRefusal(tokens, request);
      return voicemail.unavailable
        ? refusal(failure(503, ErrorCode.CarrierUnavailable, 'down'))
        : HttpResponse.json({ messages: voicemail.messages } satisfies VoicemailList);
    }),
    http.post('*/api/voicemail/:id/unlock', async ({ request, params }) => {
      if (!isDevice(request)) return deviceRefusal(tokens, request);
      const body = await jsonBody(request, UnlockRequest);
      if (!body.ok) return body.response;
      const { pin, sessionId } = body.value;
      return answer(voicemail.unlock(String(params.id), pin, sessionId), undefined, 201);
    }),
    // A playback session whose audio the server refuses, as it does for a truncated AMR file.
    http.get('*/api/voicemail/playback/unplayable/audio', () =>
      refusal(
        failure(422, ErrorCode.AudioUnplayable, "This message can't be played", { reason: 'truncated' }),
      ),
    ),
    // A playback session whose audio the backend could not prepare when first asked (no ffmpeg could start), and
    // could a moment later: the refusal is what the viewer must be told, not the later answer; asked again (Try
    // again), the message plays.
    http.get('*/api/voicemail/playback/busy/audio', () =>
      busyAudioAsked++ === 0
        ? refusal(
            failure(
              503,
              ErrorCode.TranscoderUnavailable,
              'The audio cannot be prepared right now; try again',
              {
                retryAfterSec: 30,
              },
            ),
          )
        : HttpResponse.redirect(MOCK_AUDIO_URL, 302),
    ),
    // Any other playback address: the mock's sessions play fixture files (MockVoicemail.audioUrls), so an audio
    // request a player sends with the PIN finds no session, as the server answers one it could not wait for.
    http.get('*/api/voicemail/playback/:session/audio', () =>
      refusal(failure(401, ErrorCode.SessionInvalid, 'enter the PIN again')),
    ),
    http.post('*/api/voicemail/:id/later', ({ request, params }) => {
      if (!isDevice(request)) return deviceRefusal(tokens, request);
      voicemail.later.push(String(params.id));
      return HttpResponse.json({ messageId: String(params.id), state: 'later' });
    }),
    ...(['heard', 'delete'] as const).map((action) =>
      http.post(`*/api/voicemail/:id/${action}`, async ({ request, params }) => {
        if (!isDevice(request)) return deviceRefusal(tokens, request);
        const body = await jsonBody(request, SessionActionRequest);
        if (!body.ok) return body.response;
        const messageId = String(params.id);
        const refused = voicemail.act(action, messageId);
        if (refused) return refusal(refused);
        return HttpResponse.json({ messageId, state: action === 'delete' ? 'deleted' : 'heard' });
      }),
    ),
  ];
}
