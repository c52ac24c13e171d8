import { http, HttpResponse } from 'msw';
import type * as v from 'valibot';
import {
  CapabilityRequest,
  ErrorCode,
  IncomingTextReport,
  PresenceCommand,
  SendSmsRequest,
  SendTextRequest,
  TextStatusReport,
  validate,
  type ErrorBody,
} from '../../protocol/index.ts';
import { MOCK_SMS_NETWORK_URL, type Failure, type MockTexting } from '../mock-texting.ts';

const token = (request: Request) => request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
const failed = (f: Failure) => HttpResponse.json(f.body, { status: f.status });

async function body<S extends v.GenericSchema>(request: Request, schema: S) {
  const result = validate(schema, await request.json().catch(() => undefined));
  return result.ok
    ? result
    : {
        ...result,
        response: HttpResponse.json(
          { error: { code: result.code, message: result.message } } satisfies ErrorBody,
          { status: 400 },
        ),
      };
}

/**
 * The backend's `/api/identity` and `/api/texts` routes (server/identity, server/texts) and the SMS network's
 * handset interface (carriers/sms-network), answered by a {@link MockTexting}.
 */
export function textingHandlers(texting: MockTexting) {
  const lineOf = (request: Request) => /^mock-sim-(\d+)$/.exec(token(request))?.[1];
  return [
    http.put('*/api/identity/presence', async ({ request }) => {
      const command = await body(request, PresenceCommand);
      if (!command.ok) return command.response;
      const profile = texting.presence(token(request), command.value);
      return isFailure(profile) ? failed(profile) : HttpResponse.json({ status: 'ok', profile });
    }),
    http.get('*/api/identity/profiles', ({ request }) => {
      const profiles = texting.profilesFor(token(request));
      return isFailure(profiles) ? failed(profiles) : HttpResponse.json({ profiles });
    }),
    http.post('*/api/identity/requests', async ({ request }) => {
      const ask = await body(request, CapabilityRequest);
      if (!ask.ok) return ask.response;
      const asked = texting.requestSms(token(request));
      return isFailure(asked) ? failed(asked) : HttpResponse.json({ askedProxies: asked }, { status: 202 });
    }),
    http.get('*/api/identity/requests', ({ request }) => {
      const requests = texting.pendingFor(token(request));
      return isFailure(requests) ? failed(requests) : HttpResponse.json({ requests });
    }),
    http.delete('*/api/identity/requests/:profileId', ({ request, params }) => {
      const result = texting.decline(token(request), String(params.profileId));
      return result ? failed(result) : new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/texts', async ({ request }) => {
      if (texting.offline) return HttpResponse.error();
      const send = await body(request, SendTextRequest);
      if (!send.ok) return send.response;
      const result = texting.send(token(request), send.value);
      if (isFailure(result)) return failed(result);
      return HttpResponse.json(result.text, { status: result.refused ? 403 : 202 });
    }),
    http.post('*/api/texts/incoming', async ({ request }) => {
      const report = await body(request, IncomingTextReport);
      if (!report.ok) return report.response;
      const told = texting.incoming(token(request), report.value);
      return isFailure(told) ? failed(told) : HttpResponse.json({ told }, { status: 202 });
    }),
    http.post('*/api/texts/:id/status', async ({ request, params }) => {
      const report = await body(request, TextStatusReport);
      if (!report.ok) return report.response;
      const result = texting.report(token(request), String(params.id), report.value);
      return isFailure(result) ? failed(result) : HttpResponse.json(result);
    }),
    http.post(`${MOCK_SMS_NETWORK_URL}/v1/messages`, async ({ request }) => {
      const line = lineOf(request);
      if (!line)
        return failed({
          status: 401,
          body: { error: { code: ErrorCode.AuthInvalidDevice, message: 'a SIM key is required' } },
        });
      const send = await body(request, SendSmsRequest);
      if (!send.ok) return send.response;
      const messageId = texting.networkSend(line, send.value.to, send.value.text);
      return HttpResponse.json({ messageId, status: 'accepted' }, { status: 202 });
    }),
    http.get(`${MOCK_SMS_NETWORK_URL}/v1/feed`, async ({ request }) => {
      const line = lineOf(request);
      if (!line)
        return failed({
          status: 401,
          body: { error: { code: ErrorCode.AuthInvalidDevice, message: 'a SIM key is required' } },
        });
      const url = new URL(request.url);
      const events = await texting.feed(
        line,
        Number(url.searchParams.get('after') ?? 0),
        Math.min(Number(url.searchParams.get('waitMs') ?? 0), 1000),
      );
      return HttpResponse.json({ events });
    }),
  ];
}
