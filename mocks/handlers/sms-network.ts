import { http, HttpResponse } from 'msw';
import { ErrorCode, SendSmsRequest } from '../../protocol/index.ts';
import { lineOfSim, MOCK_SMS_NETWORK_URL, type MockSmsNetwork } from '../mock-sms-network.ts';
import { failure } from '../refusals.ts';
import { bearerToken, jsonBody, refusal } from './responses.ts';

/** The SMS network's handset interface (carriers/sms-network), answered by a {@link MockSmsNetwork}. */
export function smsNetworkHandlers(network: MockSmsNetwork) {
  const noSim = () => refusal(failure(401, ErrorCode.AuthInvalidDevice, 'a SIM key is required'));
  return [
    http.post(`${MOCK_SMS_NETWORK_URL}/v1/messages`, async ({ request }) => {
      const line = lineOfSim(bearerToken(request));
      if (!line) return noSim();
      const send = await jsonBody(request, SendSmsRequest);
      if (!send.ok) return send.response;
      const messageId = network.send(line, send.value.to, send.value.text);
      return HttpResponse.json({ messageId, status: 'accepted' }, { status: 202 });
    }),
    http.get(`${MOCK_SMS_NETWORK_URL}/v1/feed`, async ({ request }) => {
      const line = lineOfSim(bearerToken(request));
      if (!line) return noSim();
      const url = new URL(request.url);
      const events = await network.feed(
        line,
        Number(url.searchParams.get('after') ?? 0),
        Math.min(Number(url.searchParams.get('waitMs') ?? 0), 1000),
      );
      return HttpResponse.json({ events });
    }),
  ];
}
