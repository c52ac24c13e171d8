import { setupWorker } from 'msw/browser';
import { demoHandlers } from '../../mocks/handlers/demo.ts';
import { pushHandlers } from '../../mocks/handlers/push.ts';
import type { MockGateway } from '../../mocks/mock-gateway.ts';
import { createScenario, type ScenarioName } from '../../mocks/scenarios/index.ts';

/**
 * One msw worker per test page (it patches the global WebSocket once), with one permanent handler that forwards
 * to the current test's gateway. Swapping handlers instead would need `Set.prototype.intersection`, which
 * WPE 2.38 lacks.
 */
let current: MockGateway | null = null;
let started: Promise<unknown> | undefined;

const forwarder = new Proxy({} as MockGateway, {
  get(_, property: keyof MockGateway) {
    if (!current) throw new Error('no mock gateway is active');
    const value: unknown = Reflect.get(current, property, current);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
  },
});

/** Points the push channel at a fresh gateway set up as the named scenario says. */
export async function startMockPush(scenario: ScenarioName = 'empty') {
  started ??= setupWorker(...pushHandlers(forwarder), ...demoHandlers).start({
    quiet: true,
    // Unhandled frames fail loudly so no test reaches a real network by accident.
    onUnhandledFrame: 'error',
  });
  await started;
  const gateway = createScenario(scenario);
  current = gateway;
  return {
    gateway,
    stop: () => {
      gateway.dropAll();
      if (current === gateway) current = null;
    },
  };
}
