import { householdHandlers, MockHousehold } from '../../mocks/handlers/household-devices.ts';
import { createScenario, type MockBackend } from '../../mocks/scenarios/index.ts';
import { mockBackendWorker } from '../../tests/helpers/mock-push.ts';

type HouseholdBackend = MockBackend & { household: MockHousehold };

const startHouseholdBackend = mockBackendWorker<HouseholdBackend>((part) =>
  householdHandlers(part('household')),
);

/**
 * For the phone page's enrollment tests: the mock backend as tests/helpers/mock-push.ts starts it, with the
 * household's enrollment routes in front (phones sign in, devices are removed, codes approved from a phone). One
 * msw worker per test page, forwarding to the current test's fresh backend.
 */
export function startMockHouseholdPhone() {
  return startHouseholdBackend(() => {
    const scenario = createScenario('empty');
    return { ...scenario, household: new MockHousehold(scenario.gateway) };
  });
}
