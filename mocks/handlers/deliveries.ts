import { http, HttpResponse } from 'msw';
import { DeliveryReports, type DeliveryReport } from '../../protocol/index.ts';
import type { MockDeviceTokens } from '../mock-device-tokens.ts';
import { bearerToken, deviceRefusal, jsonBody } from './responses.ts';

/**
 * The backend's `POST /api/deliveries` (server/deliveries), keeping what devices report in `reports`; a device
 * token that `tokens` knows is required, as on every device route.
 */
export function deliveryHandlers(reports: DeliveryReport[], tokens: MockDeviceTokens) {
  return [
    http.post('*/api/deliveries', async ({ request }) => {
      if (!tokens.deviceOf(bearerToken(request))) return deviceRefusal(tokens, request);
      const body = await jsonBody(request, DeliveryReports);
      if (!body.ok) return body.response;
      reports.push(...body.value.reports);
      return HttpResponse.json({ recorded: body.value.reports.length, ignored: 0 }, { status: 202 });
    }),
  ];
}
