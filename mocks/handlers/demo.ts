import { http, HttpResponse } from 'msw';
import {
  ErrorCode,
  PairRequest,
  validate,
  type DeviceList,
  type ErrorBody,
  type PairResponse,
} from '../../protocol/index.ts';
import { MOCK_DEVICES, MOCK_TOKENS } from '../fixtures.ts';
import { mockSim } from '../mock-sms-network.ts';

const error = (status: number, code: ErrorCode, message: string) =>
  HttpResponse.json({ error: { code, message } } satisfies ErrorBody, { status });

/** The backend's demo routes (server/app.ts), answered with the same bodies and error codes. */
export const demoHandlers = [
  http.get('*/api/health', () => HttpResponse.json({ ok: true, connections: 0 })),
  http.get('*/api/demo/devices', () => HttpResponse.json({ devices: MOCK_DEVICES } satisfies DeviceList)),
  http.post('*/api/demo/pair', async ({ request }) => {
    let json: unknown;
    try {
      json = await request.json();
    } catch {
      return error(400, ErrorCode.ProtocolMalformed, 'body is not valid JSON');
    }
    const body = validate(PairRequest, json);
    if (!body.ok) return error(400, body.code, body.message);
    const token = MOCK_TOKENS[body.value.deviceId];
    if (!token) return error(404, ErrorCode.DeviceNotFound, 'no such device in the demo household');
    const line = MOCK_DEVICES.find((d) => d.id === body.value.deviceId)?.phoneNumber;
    const sim = line ? mockSim(line) : undefined;
    return HttpResponse.json(
      { deviceId: body.value.deviceId, token, ...(sim ? { sim } : {}) } satisfies PairResponse,
      {
        status: 201,
      },
    );
  }),
];
