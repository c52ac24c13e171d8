import { http, HttpResponse } from 'msw';
import {
  CapabilityRequest,
  IncomingTextReport,
  PresenceCommand,
  SendTextRequest,
  TextStatusReport,
} from '../../protocol/index.ts';
import type { MockTexting } from '../mock-texting.ts';
import { answer, bearerToken, jsonBody } from './responses.ts';

/**
 * The backend's `/api/identity` and `/api/texts` routes (server/identity, server/texts), answered by a
 * {@link MockTexting}.
 */
export function textingHandlers(texting: MockTexting) {
  return [
    http.put('*/api/identity/presence', async ({ request }) => {
      const command = await jsonBody(request, PresenceCommand);
      if (!command.ok) return command.response;
      return answer(texting.presence(bearerToken(request), command.value), (profile) => ({
        status: 'ok',
        profile,
      }));
    }),
    http.get('*/api/identity/profiles', ({ request }) =>
      answer(texting.profilesFor(bearerToken(request)), (profiles) => ({ profiles })),
    ),
    http.post('*/api/identity/requests', async ({ request }) => {
      const ask = await jsonBody(request, CapabilityRequest);
      if (!ask.ok) return ask.response;
      return answer(texting.requestSms(bearerToken(request)), (asked) => ({ askedProxies: asked }), 202);
    }),
    http.get('*/api/identity/requests', ({ request }) =>
      answer(texting.pendingFor(bearerToken(request)), (requests) => ({ requests })),
    ),
    http.delete('*/api/identity/requests/:profileId', ({ request, params }) =>
      answer(texting.decline(bearerToken(request), String(params.profileId)), () => null, 204),
    ),
    http.post('*/api/texts', async ({ request }) => {
      if (texting.offline) return HttpResponse.error();
      const send = await jsonBody(request, SendTextRequest);
      if (!send.ok) return send.response;
      const result = texting.send(bearerToken(request), send.value);
      // A text the proxy has not authorized is kept (its sender sees it refused) and answered 403.
      return 'text' in result
        ? HttpResponse.json(result.text, { status: result.refused ? 403 : 202 })
        : answer(result);
    }),
    http.post('*/api/texts/incoming', async ({ request }) => {
      const report = await jsonBody(request, IncomingTextReport);
      if (!report.ok) return report.response;
      return answer(texting.incoming(bearerToken(request), report.value), (told) => ({ told }), 202);
    }),
    http.post('*/api/texts/:id/status', async ({ request, params }) => {
      const report = await jsonBody(request, TextStatusReport);
      if (!report.ok) return report.response;
      return answer(texting.report(bearerToken(request), String(params.id), report.value));
    }),
  ];
}
