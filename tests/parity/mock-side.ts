import { setupServer } from 'msw/node';
import {
  MOCK_JOINT_ACCOUNT,
  MOCK_TOKENS,
  MOCK_WIRELESS_ACCOUNTS,
  messageFixture,
  mockProfileId,
  profileFixture,
} from '../../mocks/fixtures.ts';
import { consentHandlers } from '../../mocks/handlers/consents.ts';
import { deliveryHandlers } from '../../mocks/handlers/deliveries.ts';
import { demoHandlers } from '../../mocks/handlers/demo.ts';
import { displayHandlers } from '../../mocks/handlers/displays.ts';
import { enrollmentHandlers } from '../../mocks/handlers/enrollment.ts';
import { householdHandlers } from '../../mocks/handlers/household-devices.ts';
import { pushHandlers } from '../../mocks/handlers/push.ts';
import { smsNetworkHandlers } from '../../mocks/handlers/sms-network.ts';
import { textingHandlers } from '../../mocks/handlers/texting.ts';
import { voicemailHandlers } from '../../mocks/handlers/voicemail.ts';
import { MockHousehold } from '../../mocks/mock-household.ts';
import { MOCK_PIN } from '../../mocks/mock-voicemail.ts';
import { createScenario, type MockBackend } from '../../mocks/scenarios/index.ts';
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
  type Side,
  type World,
} from './observe.ts';
import type { ParityRequest, Refs } from './scenarios.ts';

/**
 * The mocks' side of the parity table: msw's handlers in Node (`setupServer`), over a fresh `empty` scenario per
 * row, assembled as mocks/browser.ts assembles them for `npm run dev:mock`; devices on the mock gateway through
 * msw's WebSocket interception. msw patches the thread it listens in (fetch, sockets), so this side runs in a worker
 * thread of its own (mock-worker.ts), away from the backend and its carriers.
 */

/** The mocks' host. Each request goes to a host of its own under it: a connection msw answered is not reused. */
const MOCK_HOST = 'couchline.mock';
let mockRequests = 0;
const mockOrigin = () => `http://r${++mockRequests}.${MOCK_HOST}`;
const msw = setupServer();

/**
 * msw intercepts this thread's requests from here on: those to the mocks' host are answered by the current row's
 * handlers, and one they have no handler for fails (a route the mocks lack: the row says so).
 */
export function startMocks(): void {
  msw.listen({
    onUnhandledFrame: ({ frame }) => {
      const request = (frame.data as { request?: Request }).request;
      if (request && new URL(request.url).hostname.endsWith(`.${MOCK_HOST}`)) {
        throw new Error(`the mocks have no handler for ${request.method} ${request.url}`);
      }
    },
  });
}

export function stopMocks(): void {
  msw.close();
}

/** One row at a time has the mocks' host (the handlers are the thread's). */
let mockTurn: Promise<void> = Promise.resolve();

function mockHandlers(backend: MockBackend) {
  const { tokens, gateway, voicemail, consents, displays, deliveries, texting, smsNetwork, enrollment } =
    backend;
  // As mocks/browser.ts assembles them for `npm run dev:mock`.
  return [
    ...pushHandlers(gateway),
    ...voicemailHandlers(voicemail, tokens),
    ...consentHandlers(consents, tokens),
    ...displayHandlers(displays),
    ...textingHandlers(texting, tokens),
    ...smsNetworkHandlers(smsNetwork),
    ...deliveryHandlers(deliveries, tokens),
    ...enrollmentHandlers(enrollment),
    ...householdHandlers(new MockHousehold(gateway)),
    ...demoHandlers,
  ];
}

interface MockWorld extends World {
  backend: MockBackend;
}

export const mockSide: Side = {
  name: 'mock',
  async open() {
    let release = () => {};
    const previous = mockTurn;
    mockTurn = new Promise((resolve) => (release = resolve));
    await previous;
    const backend = createScenario('empty');
    msw.use(...mockHandlers(backend));
    const refs: Refs = {
      jointAccountId: MOCK_JOINT_ACCOUNT.jointAccountId,
      jointPassword: MOCK_JOINT_ACCOUNT.password,
      maryPassword: MOCK_WIRELESS_ACCOUNTS.find((a) => a.username === 'mary')!.password,
      luisPassword: MOCK_WIRELESS_ACCOUNTS.find((a) => a.username === 'luis')!.password,
    };
    let session: string | undefined;
    const send = (token: string | undefined, request: ParityRequest) =>
      fetch(mockOrigin() + fill(request.path, refs), init(token, request, refs)).then(
        answerOf,
        (error: Error) => ({
          status: 0,
          body: `no answer: ${error.cause instanceof Error ? error.cause.message : error.message}`,
        }),
      );
    const world: MockWorld = {
      backend,
      refs,
      async call(who, request) {
        if (who === 'setup-page' && !session) session = await login(world);
        return send(tokenOf(who, MOCK_TOKENS, session), request);
      },
      connect: (device) =>
        PushRecorder.open(new globalThis.WebSocket(`ws://${MOCK_HOST}/push`), MOCK_TOKENS[device]!),
      pending: (device) => Promise.resolve(backend.gateway.pending(device).length),
      close() {
        backend.gateway.dropAll();
        msw.resetHandlers();
        release();
        return Promise.resolve();
      },
    };
    return world;
  },
  async make(given, world) {
    const { backend, refs } = world as MockWorld;
    switch (given) {
      case 'voicemail':
        backend.voicemail.add(messageFixture('mock-1'));
        refs.messageId = 'mock-1';
        return;
      case 'unlocked-to-delete':
        refs.sessionId = await unlockToDelete(world, MOCK_PIN);
        return;
      case 'consent-asked':
        refs.consentId = backend.consents.ask('phone-simon', 'Mary').id;
        return;
      case 'texting':
        backend.texting.profiles.set('stb-living-room', [
          profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] }),
        ]);
        refs.proxyProfileId = mockProfileId('phone-mary');
        return;
      case 'bedroom-refused':
        backend.texting.sendAnswers.push({ status: 'unauthorized', reason: 'not allowed by this phone' });
        return;
      case 'channel-4':
        await reportChannel4(world);
        return;
      case 'bedroom-removed':
        // What a browser test does: the page removes it, and the test says the backend revoked it.
        await removeBedroom(world);
        backend.gateway.revoke('stb-bedroom');
        return;
    }
  },
};
