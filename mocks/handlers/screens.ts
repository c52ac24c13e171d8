import { http, HttpResponse } from 'msw';
import { ScreenReport, validate, type ErrorBody } from '../../protocol/index.ts';
import type { MockScreens } from '../mock-screens.ts';

const tokenOf = (request: Request) => request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
const unauthorized = () =>
  HttpResponse.json(
    { error: { code: 'AUTH_INVALID_DEVICE', message: 'a device token is required' } } satisfies ErrorBody,
    {
      status: 401,
    },
  );

/** The backend's `/api/screens/me` routes (server/screens), answered by a {@link MockScreens}. */
export function screenHandlers(screens: MockScreens) {
  return [
    http.put('*/api/screens/me', async ({ request }) => {
      const device = screens.tokens.deviceOf(tokenOf(request));
      if (!device) return unauthorized();
      const body = validate(ScreenReport, await request.json().catch(() => undefined));
      if (!body.ok) {
        return HttpResponse.json({ error: { code: body.code, message: body.message } } satisfies ErrorBody, {
          status: 400,
        });
      }
      screens.report(device, body.value.channel);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/screens/me/quiet', ({ request }) => {
      const device = screens.tokens.deviceOf(tokenOf(request));
      if (!device) return unauthorized();
      const result = screens.quietFor(device);
      return 'status' in result
        ? HttpResponse.json(result.body, { status: result.status })
        : HttpResponse.json(result);
    }),
    http.delete('*/api/screens/me/quiet', ({ request }) => {
      const device = screens.tokens.deviceOf(tokenOf(request));
      if (!device) return unauthorized();
      screens.quiet.delete(device);
      return HttpResponse.json({ released: 0 });
    }),
  ];
}
