import { http, HttpResponse } from 'msw';
import { DeliveryReports, validate, type DeliveryReport, type ErrorBody } from '../../protocol/index.ts';

/** The backend's `POST /api/deliveries` (server/deliveries), keeping what devices report in `reports`. */
export function deliveryHandlers(reports: DeliveryReport[]) {
  return [
    http.post('*/api/deliveries', async ({ request }) => {
      const body = validate(DeliveryReports, await request.json().catch(() => undefined));
      if (!body.ok) {
        return HttpResponse.json({ error: { code: body.code, message: body.message } } satisfies ErrorBody, {
          status: 400,
        });
      }
      reports.push(...body.value.reports);
      return HttpResponse.json({ recorded: body.value.reports.length, ignored: 0 }, { status: 202 });
    }),
  ];
}
