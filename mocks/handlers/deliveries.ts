import { http, HttpResponse } from 'msw';
import { DeliveryReports, type DeliveryReport } from '../../protocol/index.ts';
import { jsonBody } from './responses.ts';

/** The backend's `POST /api/deliveries` (server/deliveries), keeping what devices report in `reports`. */
export function deliveryHandlers(reports: DeliveryReport[]) {
  return [
    http.post('*/api/deliveries', async ({ request }) => {
      const body = await jsonBody(request, DeliveryReports);
      if (!body.ok) return body.response;
      reports.push(...body.value.reports);
      return HttpResponse.json({ recorded: body.value.reports.length, ignored: 0 }, { status: 202 });
    }),
  ];
}
