import { http, HttpResponse } from 'msw';
import {
  CapabilityRequest,
  IncomingTextReport,
  PresenceCommand,
  SendTextRequest,
  TextStatusReport,
} from '../../protocol/index.ts';
import type { MockDeviceTokens } from '../mock-device-tokens.ts';
import type { MockTexting } from '../mock-texting.ts';
import { answer, bearerToken, deviceRefusal, jsonBody } from './responses.ts';

/**
 * The backend's `/api/identity` and `/api/texts` routes (server/identity, server/texts), answered by a
 * {@link MockTexting}; `tokens` say which device is asking.
 */
export function textingHandlers(texting: MockTexting, tokens: MockDeviceTokens) {
  /** The device a request comes from, or the 401 for a request without a valid token. */
  const from = (request: Request) => tokens.deviceOf(bearerToken(request)) ?? null;
  return [
    http.put('*/api/identity/presence', async ({ request }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const command = await jsonBody(request, PresenceCommand);
      if (!command.ok) return command.response;
      return HttpResponse.json({ status: 'ok', profile: texting.presence(device, command.value) });
    }),
    http.get('*/api/identity/profiles', ({ request }) => {
      const device = from(request);
      return device
        ? HttpResponse.json({ profiles: texting.profilesFor(device) })
        : deviceRefusal(tokens, request);
    }),
    http.post('*/api/identity/requests', async ({ request }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const ask = await jsonBody(request, CapabilityRequest);
      if (!ask.ok) return ask.response;
      return HttpResponse.json({ askedProxies: texting.requestSms(device) }, { status: 202 });
    }),
    http.get('*/api/identity/requests', ({ request }) => {
      const device = from(request);
      return device
        ? HttpResponse.json({ requests: texting.pendingFor(device) })
        : deviceRefusal(tokens, request);
    }),
    http.delete('*/api/identity/requests/:profileId', ({ request, params }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      texting.decline(device, String(params.profileId));
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/texts', async ({ request }) => {
      if (texting.offline) return HttpResponse.error();
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const send = await jsonBody(request, SendTextRequest);
      if (!send.ok) return send.response;
      const { answer: text } = texting.send(device, send.value);
      // A text the relay refuses as unauthorized is still a text (its sender shows it refused), answered 403.
      return HttpResponse.json(text, { status: text.status === 'unauthorized' ? 403 : 202 });
    }),
    http.post('*/api/texts/incoming', async ({ request }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const report = await jsonBody(request, IncomingTextReport);
      if (!report.ok) return report.response;
      return HttpResponse.json({ told: texting.receive(device, report.value) }, { status: 202 });
    }),
    http.post('*/api/texts/:id/status', async ({ request, params }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const report = await jsonBody(request, TextStatusReport);
      if (!report.ok) return report.response;
      return answer(texting.report(device, String(params.id), report.value));
    }),
  ];
}
