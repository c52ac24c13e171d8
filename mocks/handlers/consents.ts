import { http, HttpResponse } from 'msw';
import { ConsentDecision, validate, type ConsentList, type ErrorBody } from '../../protocol/index.ts';
import type { MockConsents } from '../mock-consents.ts';

const token = (request: Request) => request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';

/** The backend's `/api/consents` routes (server/provisioning), answered by a {@link MockConsents}. */
export function consentHandlers(consents: MockConsents) {
  return [
    http.get('*/api/consents', ({ request }) => {
      const result = consents.pendingFor(token(request));
      return Array.isArray(result)
        ? HttpResponse.json({ consents: result } satisfies ConsentList)
        : HttpResponse.json(result.body, { status: result.status });
    }),
    http.post('*/api/consents/:id/decision', async ({ request, params }) => {
      const body = validate(ConsentDecision, await request.json().catch(() => undefined));
      if (!body.ok) {
        return HttpResponse.json({ error: { code: body.code, message: body.message } } satisfies ErrorBody, {
          status: 400,
        });
      }
      const result = consents.decide(token(request), String(params.id), body.value.approve);
      return 'status' in result && 'body' in result
        ? HttpResponse.json(result.body, { status: result.status })
        : HttpResponse.json(result);
    }),
  ];
}
