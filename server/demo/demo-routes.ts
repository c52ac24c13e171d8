import { Hono } from 'hono';
import {
  ErrorCode,
  PairRequest,
  type DemoGuide,
  type DeviceList,
  type PairResponse,
} from '../../protocol/index.ts';
import type { EnrollmentService } from '../enrollment/enrollment-service.ts';
import { isLoopback } from '../http/loopback.ts';
import { errorJson, limitBody, readJson } from '../http/respond.ts';
import type { ProgrammeGuide } from '../displays/programme-guide.ts';
import type { Database } from '../store/database.ts';

/**
 * `/api/demo`: the demo household's devices, the programme guide's channels, and pairing without an approval —
 * for the emulator and the phone page, one command away from a working demo. Never on in production: only the
 * demo household, only while `isOn()` (loopback listeners unless asked for), only by a loopback name.
 */
export function demoRoutes(deps: {
  store: Pick<Database, 'devices'>;
  householdId: string | null;
  guide: ProgrammeGuide;
  enrollment: EnrollmentService;
  isOn: () => boolean;
  onAnyHost: boolean;
}): Hono {
  const demo = new Hono();
  const { store, guide, enrollment } = deps;
  demo.use(async (c, next) => {
    if (!deps.isOn()) return errorJson(c, 404, ErrorCode.DemoDisabled, 'demo routes are off');
    // Reached by a loopback name only: a web page elsewhere that rebinds its own name to 127.0.0.1 (DNS
    // rebinding) sends its own Host, and is refused.
    if (!deps.onAnyHost && !isLoopback(new URL(c.req.url).hostname)) {
      return errorJson(c, 404, ErrorCode.DemoDisabled, 'demo routes answer on loopback only');
    }
    await next();
  });
  // The demo household's devices, so the emulator and the phone page can be any of them. Nothing of any other
  // household is listed or paired here: their devices enroll (by code, box identity or the line's account).
  demo.get('/devices', async (c) => {
    const list: DeviceList = {
      devices: (await store.devices.list(deps.householdId!)).map(({ id, kind, name, phoneNumber, room }) => ({
        id,
        kind,
        name,
        phoneNumber,
        room,
      })),
    };
    return c.json(list);
  });
  // The emulator's channel picker: the guide's channels and what is on each now.
  demo.get('/guide', async (c) => {
    const now = new Date();
    const channels = await guide.channels();
    const answer: DemoGuide = {
      channels: await Promise.all(
        channels.map(async (ch) => ({ ...ch, now: await guide.onNow(ch.id, now) })),
      ),
    };
    return c.json(answer);
  });
  // One command away from a working demo: a device of the demo household pairs without an approval. Pairing it
  // again revokes its earlier tokens, as enrolling again does.
  demo.post('/pair', limitBody(1024), async (c) => {
    // A form on another site can post text/plain without asking first; JSON needs a preflight it won't get.
    if (!c.req.header('content-type')?.startsWith('application/json')) {
      return errorJson(c, 415, ErrorCode.ProtocolMalformed, 'send application/json');
    }
    const body = await readJson(c, PairRequest);
    if (!body.ok) return body.response;
    const device = await store.devices.get(body.value.deviceId);
    if (!device || device.householdId !== deps.householdId) {
      return errorJson(c, 404, ErrorCode.DeviceNotFound, 'no such device in the demo household');
    }
    const granted = await enrollment.pairDemoDevice(device);
    const paired: PairResponse = {
      deviceId: granted.deviceId,
      token: granted.token,
      ...(granted.sim ? { sim: granted.sim } : {}),
    };
    return c.json(paired, 201);
  });
  return demo;
}
