import { http } from 'msw';
import { ConsentDecision, type ConsentList } from '../../protocol/index.ts';
import type { MockConsents } from '../mock-consents.ts';
import { answer, bearerToken, jsonBody } from './responses.ts';

/** The backend's `/api/consents` routes (server/provisioning), answered by a {@link MockConsents}. */
export function consentHandlers(consents: MockConsents) {
  return [
    http.get('*/api/consents', ({ request }) =>
      answer(consents.pendingFor(bearerToken(request)), (list) => ({ consents: list }) satisfies ConsentList),
    ),
    http.post('*/api/consents/:id/decision', async ({ request, params }) => {
      const body = await jsonBody(request, ConsentDecision);
      if (!body.ok) return body.response;
      return answer(consents.decide(bearerToken(request), String(params.id), body.value.approve));
    }),
  ];
}
