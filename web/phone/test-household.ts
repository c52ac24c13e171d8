import { setupWorker } from 'msw/browser';
import { consentHandlers } from '../../mocks/handlers/consents.ts';
import { deliveryHandlers } from '../../mocks/handlers/deliveries.ts';
import { demoHandlers } from '../../mocks/handlers/demo.ts';
import { enrollmentHandlers } from '../../mocks/handlers/enrollment.ts';
import { householdHandlers, MockHousehold } from '../../mocks/handlers/household-devices.ts';
import { pushHandlers } from '../../mocks/handlers/push.ts';
import { screenHandlers } from '../../mocks/handlers/screens.ts';
import { textingHandlers } from '../../mocks/handlers/texting.ts';
import { voicemailHandlers } from '../../mocks/handlers/voicemail.ts';
import { createScenario, type MockBackend } from '../../mocks/scenarios/index.ts';

type HouseholdBackend = MockBackend & { household: MockHousehold };

/**
 * For the phone page's enrollment tests: the mock backend as tests/helpers/mock-push.ts starts it, with the
 * household's enrollment routes in front (phones sign in, devices are removed, codes approved from a phone). One
 * msw worker per test page, forwarding to the current test's fresh backend.
 */
let current: HouseholdBackend | null = null;
let started: Promise<unknown> | undefined;

function forwarder<K extends keyof HouseholdBackend>(part: K): HouseholdBackend[K] {
  return new Proxy({} as HouseholdBackend[K], {
    get(_, property) {
      if (!current) throw new Error('no mock backend is active');
      const target = current[part];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function startMockHouseholdPhone() {
  started ??= setupWorker(
    ...householdHandlers(forwarder('household')),
    ...pushHandlers(forwarder('gateway')),
    ...voicemailHandlers(forwarder('voicemail')),
    ...consentHandlers(forwarder('consents')),
    ...screenHandlers(forwarder('screens')),
    ...textingHandlers(forwarder('texting')),
    ...deliveryHandlers(forwarder('deliveries')),
    ...enrollmentHandlers(forwarder('enrollment')),
    ...demoHandlers,
  ).start({
    quiet: true,
    // An unmocked API call fails loudly; the test server's own files pass through.
    onUnhandledFrame: ({ frame, defaults }) => {
      const request = (frame.data as { request?: Request }).request;
      const url = request ? new URL(request.url) : null;
      if (url && url.origin === window.location.origin && !url.pathname.startsWith('/api/')) return;
      defaults.error();
    },
  });
  await started;
  const scenario = createScenario('empty');
  const backend: HouseholdBackend = { ...scenario, household: new MockHousehold(scenario.gateway) };
  current = backend;
  return {
    ...backend,
    stop: () => {
      backend.gateway.dropAll();
      if (current === backend) current = null;
    },
  };
}
