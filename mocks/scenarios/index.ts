import { MOCK_CREDENTIALS, MOCK_TOKENS, voicemailFixture } from '../fixtures.ts';
import { MockGateway } from '../mock-gateway.ts';

/**
 * Named scenarios: a fresh gateway, set up as the name says. Tests and `npm run dev:mock` pick one by name.
 * - `default`: the living-room STB, with a voicemail from Jane arriving shortly after it connects.
 * - `empty`: the living-room STB and nothing to show.
 * - `push-storm`: fifty voicemails queued before the STB connects.
 */
export const SCENARIOS = {
  default: (gateway: MockGateway) => {
    setTimeout(
      () =>
        gateway.publish(
          MOCK_CREDENTIALS.deviceId,
          'voicemail.new',
          'voicemail.new:mock-1',
          voicemailFixture('mock-1'),
        ),
      1500,
    );
  },
  empty: () => {},
  'push-storm': (gateway: MockGateway) => {
    for (let i = 1; i <= 50; i++) {
      gateway.publish(
        MOCK_CREDENTIALS.deviceId,
        'voicemail.new',
        `voicemail.new:storm-${i}`,
        voicemailFixture(`storm-${i}`, { callerName: `Caller ${i}` }),
      );
    }
  },
} satisfies Record<string, (gateway: MockGateway) => void>;

export type ScenarioName = keyof typeof SCENARIOS;

export function createScenario(name: ScenarioName): MockGateway {
  const gateway = new MockGateway(
    Object.fromEntries(Object.entries(MOCK_TOKENS).map(([device, token]) => [token, device])),
  );
  SCENARIOS[name](gateway);
  return gateway;
}
