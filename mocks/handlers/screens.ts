import { http, HttpResponse } from 'msw';
import { ScreenReport } from '../../protocol/index.ts';
import type { MockScreens } from '../mock-screens.ts';
import { noDeviceToken } from '../refusals.ts';
import { answer, bearerToken, jsonBody, refusal } from './responses.ts';

/** The backend's `/api/screens/me` routes (server/screens), answered by a {@link MockScreens}. */
export function screenHandlers(screens: MockScreens) {
  const deviceOf = (request: Request) => screens.tokens.deviceOf(bearerToken(request));
  return [
    http.put('*/api/screens/me', async ({ request }) => {
      const device = deviceOf(request);
      if (!device) return refusal(noDeviceToken());
      const body = await jsonBody(request, ScreenReport);
      if (!body.ok) return body.response;
      screens.report(device, body.value.channel);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/screens/me/quiet', ({ request }) => {
      const device = deviceOf(request);
      return device ? answer(screens.quietFor(device)) : refusal(noDeviceToken());
    }),
    http.delete('*/api/screens/me/quiet', ({ request }) => {
      const device = deviceOf(request);
      if (!device) return refusal(noDeviceToken());
      screens.quiet.delete(device);
      return HttpResponse.json({ released: 0 });
    }),
  ];
}
