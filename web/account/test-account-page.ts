import { householdHandlers } from '../../mocks/handlers/household-devices.ts';
import { MockHousehold } from '../../mocks/mock-household.ts';
import { forwardTo, startTestWorker } from '../../tests/helpers/mock-push.ts';

/**
 * For the setup page's browser tests: one msw worker per test page, answering the enrollment and devices routes
 * from the current test's {@link MockHousehold} (a fresh one per call). Unmocked API calls fail loudly.
 */
let current: MockHousehold | null = null;
let started: Promise<unknown> | undefined;

export async function startMockHousehold(): Promise<MockHousehold> {
  started ??= startTestWorker(...householdHandlers(forwardTo(() => current, 'mock household')));
  await started;
  current = new MockHousehold();
  return current;
}
