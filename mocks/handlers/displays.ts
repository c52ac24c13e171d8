import { http, HttpResponse } from 'msw';
import { DisplayReport } from '../../protocol/index.ts';
import type { MockDisplays } from '../mock-displays.ts';
import { answer, bearerToken, deviceRefusal, jsonBody } from './responses.ts';

/** The backend's `/api/displays/me` routes (server/displays), answered by a {@link MockDisplays}. */
export function displayHandlers(displays: MockDisplays) {
  const deviceOf = (request: Request) => displays.tokens.deviceOf(bearerToken(request));
  return [
    http.put('*/api/displays/me', async ({ request }) => {
      const device = deviceOf(request);
      if (!device) return deviceRefusal(displays.tokens, request);
      const body = await jsonBody(request, DisplayReport);
      if (!body.ok) return body.response;
      displays.report(device, body.value.channel);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get('*/api/displays/me', ({ request }) => {
      const device = deviceOf(request);
      return device ? HttpResponse.json(displays.view(device)) : deviceRefusal(displays.tokens, request);
    }),
    http.post('*/api/displays/me/quiet', ({ request }) => {
      const device = deviceOf(request);
      return device ? answer(displays.quietFor(device)) : deviceRefusal(displays.tokens, request);
    }),
    http.delete('*/api/displays/me/quiet', ({ request }) => {
      const device = deviceOf(request);
      if (!device) return deviceRefusal(displays.tokens, request);
      displays.quiet.delete(device);
      return HttpResponse.json({ released: 0 });
    }),
  ];
}
