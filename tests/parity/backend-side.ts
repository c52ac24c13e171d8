import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARRIER_NAMES } from '../../carriers/stack.ts';
import type { PresenceStatus } from '../../protocol/index.ts';
import { HttpAccountDirectory } from '../../server/accounts/account-directory.ts';
import { silentLogger } from '../../server/log.ts';
import { DEMO } from '../../server/seed.ts';
import { Transcoder } from '../../server/transcoder/transcoder.ts';
import { soxTone } from '../helpers/backend/audio-fixtures.ts';
import {
  createTestApp,
  TEST_DIRECTORY_KEY,
  TEST_JOINT_PASSWORD,
  testPassword,
  type TestApp,
} from '../helpers/backend/test-app.ts';
import {
  answerOf,
  fill,
  init,
  login,
  PushRecorder,
  removeBedroom,
  reportChannel4,
  tokenOf,
  unlockToDelete,
  until,
  type Side,
  type World,
} from './observe.ts';
import { DEMO_DEVICES, DEMO_PIN, type DemoDevice, type Refs } from './scenarios.ts';

/**
 * Our backend's side of the parity table: createTestApp (in-process, requests through Hono's `app.request()`, the
 * carriers beside it), the demo household seeded as the product seeds it, a token issued to each demo device, and
 * the devices on its push gateway over real sockets.
 */

interface BackendWorld extends World {
  h: TestApp;
}

/** Two seconds of tone as the carrier stores a voicemail (made once: sox is a process). */
let tone: Buffer | undefined;

export const backendSide: Side = {
  name: 'backend',
  async open() {
    // Our own transcoder, to wait for a transcode an unlock started before the backend closes (app.close() does not).
    const cacheDir = mkdtempSync(join(tmpdir(), 'couchline-parity-'));
    const transcoder = new Transcoder({ cacheDir, log: silentLogger });
    const h = await createTestApp({ transcoder });
    const wsUrl = `${(await h.listen()).replace('http', 'ws')}/push`;
    const tokens = {} as Record<DemoDevice, string>;
    for (const device of DEMO_DEVICES) tokens[device] = await h.app.tokens.issue(device);
    const refs: Refs = {
      jointAccountId: DEMO.householdId,
      jointPassword: TEST_JOINT_PASSWORD,
      maryPassword: testPassword('mary'),
      luisPassword: testPassword('luis'),
    };
    let session: string | undefined;
    const world: BackendWorld = {
      h,
      refs,
      async call(who, request) {
        if (who === 'setup-page' && !session) session = await login(world);
        const token = tokenOf(who, tokens, session);
        return answerOf(await h.app.http.request(fill(request.path, refs), init(token, request, refs)));
      },
      connect: (device) => PushRecorder.open(new WebSocket(wsUrl), tokens[device]),
      pending: async (device) => (await h.store.outbox.pending(device, 0, Date.now())).length,
      async close() {
        if (refs.messageId) await transcoder.remove(refs.messageId);
        await h.close();
        rmSync(cacheDir, { recursive: true, force: true });
      },
    };
    return world;
  },
  async make(given, world) {
    const { h, refs } = world as BackendWorld;
    const mary = DEMO.devices.maryPhone.phoneNumber;
    switch (given) {
      case 'voicemail': {
        await h.sim.pins.setPin(mary, DEMO_PIN, undefined);
        tone ??= soxTone('amr-nb', 2);
        const left = await fetch(`${h.simUrl}/mailboxes/${mary}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            callerName: 'Jane',
            callerNumber: '5055551313',
            audio: { format: 'amr-nb', base64: tone.toString('base64') },
          }),
        });
        if (left.status !== 201) throw new Error(`the carrier took no voicemail: ${left.status}`);
        refs.messageId = ((await left.json()) as { messageId: string }).messageId;
        // The carrier's webhook reaches us on its own: wait until the living-room TV was told.
        await until(async () => {
          const pending = await h.store.outbox.pending('stb-living-room', 0, Date.now());
          return pending.some((e) => e.name === 'voicemail.new');
        }, 'the carrier’s webhook to tell the living-room TV');
        return;
      }
      case 'unlocked-to-delete':
        refs.sessionId = await unlockToDelete(world, DEMO_PIN);
        return;
      case 'consent-asked': {
        const wireless = new HttpAccountDirectory({
          kind: 'wireless',
          carrierName: CARRIER_NAMES.wireless,
          baseUrl: h.directories.wireless.url,
          apiKey: TEST_DIRECTORY_KEY,
        });
        const purpose =
          "Mary asks to show this line's voicemail, calls and texts on the TVs of a joint account.";
        refs.consentId = (await wireless.askConsent(DEMO.devices.simonPhone.phoneNumber, 'Mary', purpose)).id;
        return;
      }
      case 'texting': {
        // Every device says what it can do, as the apps do when they connect; Mary's phone lets the
        // living-room TV send and receive through it.
        const presence = async (device: DemoDevice, body: unknown) => {
          const answer = await world.call(device, {
            method: 'PUT',
            path: '/api/identity/presence',
            json: body,
          });
          if (answer.status !== 200) throw new Error(`presence of ${device}: ${answer.status}`);
          return (answer.body as PresenceStatus).profile.profileId;
        };
        const phone = ['sms', 'voice', 'display', 'audio'];
        const livingRoom = await presence('stb-living-room', { capabilities: ['display', 'audio'] });
        await presence('stb-bedroom', { capabilities: ['display', 'audio'] });
        await presence('phone-simon', { capabilities: phone });
        refs.proxyProfileId = await presence('phone-mary', {
          capabilities: phone,
          authorized: [{ profileId: livingRoom, scopes: ['send', 'receive'] }],
        });
        return;
      }
      case 'bedroom-refused':
        // Mary's phone never allowed it: the relay's rule refuses it.
        return;
      case 'channel-4':
        await reportChannel4(world);
        return;
      case 'bedroom-removed':
        await removeBedroom(world);
        return;
    }
  },
};
