import { http } from 'msw';
import { ConsentDecision, type ConsentList } from '../../protocol/index.ts';
import type { MockConsents } from '../mock-consents.ts';
import type { MockDeviceTokens } from '../mock-device-tokens.ts';
import { answer, bearerToken, deviceRefusal, jsonBody } from './responses.ts';

/** The backend's `/api/consents` routes (server/provisioning), answered by a {@link MockConsents}. */
export function consentHandlers(consents: MockConsents, tokens: MockDeviceTokens) {
  const from = (request: Request) => tokens.deviceOf(bearerToken(request));
  return [
    http.get('*/api/consents', ({ request }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      return answer({ consents: consents.pendingFor(device) } satisfies ConsentList);
    }),
    http.post('*/api/consents/:id/decision', async ({ request, params }) => {
      const device = from(request);
      if (!device) return deviceRefusal(tokens, request);
      const body = await jsonBody(request, ConsentDecision);
      if (!body.ok) return body.response;
      return answer(consents.decide(device, String(params.id), body.value.approve));
    }),
  ];
}
