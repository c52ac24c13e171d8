import { setupWorker } from 'msw/browser';
import { consentHandlers } from '../../mocks/handlers/consents.ts';
import { deliveryHandlers } from '../../mocks/handlers/deliveries.ts';
import { enrollmentHandlers } from '../../mocks/handlers/enrollment.ts';
import { demoHandlers } from '../../mocks/handlers/demo.ts';
import { textingHandlers } from '../../mocks/handlers/texting.ts';
import { screenHandlers } from '../../mocks/handlers/screens.ts';
import { pushHandlers } from '../../mocks/handlers/push.ts';
import { voicemailHandlers } from '../../mocks/handlers/voicemail.ts';
import { createScenario, type MockBackend, type ScenarioName } from '../../mocks/scenarios/index.ts';

/**
 * One msw worker per test page (it patches the global WebSocket once), with one permanent handler that forwards
 * to the current test's gateway. Swapping handlers instead would need `Set.prototype.intersection`, which
 * WPE 2.38 lacks.
 */
let current: MockBackend | null = null;
let started: Promise<unknown> | undefined;

/** Stands in for one part of the current backend, whichever test set it up. */
function forwarder<K extends keyof MockBackend>(part: K): MockBackend[K] {
  return new Proxy({} as MockBackend[K], {
    get(_, property) {
      if (!current) throw new Error('no mock backend is active');
      const target = current[part];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Points the push channel at a fresh gateway set up as the named scenario says. */
export async function startMockPush(scenario: ScenarioName = 'empty') {
  started ??= setupWorker(
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
    // An unmocked API call or any other host fails loudly, so no test reaches a real network by accident;
    // the test server's own files (audio fixtures, lazily imported modules) pass through.
    onUnhandledFrame: ({ frame, defaults }) => {
      const request = (frame.data as { request?: Request }).request;
      const url = request ? new URL(request.url) : null;
      if (url && url.origin === window.location.origin && !url.pathname.startsWith('/api/')) return;
      defaults.error();
    },
  });
  await started;
  const backend = createScenario(scenario);
  current = backend;
  return {
    ...backend,
    stop: () => {
      backend.gateway.dropAll();
      if (current === backend) current = null;
    },
  };
}
