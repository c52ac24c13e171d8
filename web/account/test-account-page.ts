import { setupWorker } from 'msw/browser';
import { householdHandlers, MockHousehold } from '../../mocks/handlers/household-devices.ts';

/**
 * For the setup page's browser tests: one msw worker per test page, answering the enrollment and devices routes
 * from the current test's {@link MockHousehold} (a fresh one per call). Unmocked API calls fail loudly.
 */
let current: MockHousehold | null = null;
let started: Promise<unknown> | undefined;

const forward = new Proxy({} as MockHousehold, {
  get(_, property) {
    if (!current) throw new Error('no mock household is active');
    const target = current;
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

export async function startMockHousehold(): Promise<MockHousehold> {
  started ??= setupWorker(...householdHandlers(forward)).start({
    quiet: true,
    onUnhandledFrame: ({ frame, defaults }) => {
      const request = (frame.data as { request?: Request }).request;
      const url = request ? new URL(request.url) : null;
      if (url && url.origin === window.location.origin && !url.pathname.startsWith('/api/')) return;
      defaults.error();
    },
  });
  await started;
  current = new MockHousehold();
  return current;
}
