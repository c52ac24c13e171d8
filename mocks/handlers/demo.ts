import { http, HttpResponse } from 'msw';
import {
  ErrorCode,
  PairRequest,
  validate,
  type DeviceList,
  type PairResponse,
} from '../../protocol/index.ts';
import { guideFixture, MOCK_DEVICES, MOCK_TOKENS } from '../fixtures.ts';
import { mockSim } from '../mock-sms-network.ts';
import { failure } from '../refusals.ts';
import { refusal } from './responses.ts';

/** The backend's demo routes (server/demo), answered from the fixtures with the same bodies and error codes. */
export const demoHandlers = [
  http.get('*/api/health', () => HttpResponse.json({ ok: true, connections: 0 })),
  http.get('*/api/demo/devices', () => HttpResponse.json({ devices: MOCK_DEVICES } satisfies DeviceList)),
  http.get('*/api/demo/guide', () => HttpResponse.json(guideFixture())),
  http.post('*/api/demo/pair', async ({ request }) => {
    let json: unknown;
    try {
      json = await request.json();
    } catch {
      return refusal(failure(400, ErrorCode.ProtocolMalformed, 'body is not valid JSON'));
    }
    const body = validate(PairRequest, json);
    if (!body.ok) return refusal(failure(400, body.code, body.message));
    const { deviceId } = body.value;
    const token = MOCK_TOKENS[deviceId];
    if (!token)
      return refusal(failure(404, ErrorCode.DeviceNotFound, 'no such device in the demo household'));
    const line = MOCK_DEVICES.find((d) => d.id === deviceId)?.phoneNumber;
    const pairing: PairResponse = { deviceId, token, ...(line ? { sim: mockSim(line) } : {}) };
    return HttpResponse.json(pairing, { status: 201 });
  }),
];
