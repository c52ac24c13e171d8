import {
  messageFixture,
  MOCK_CREDENTIALS,
  MOCK_TOKENS,
  profileFixture,
  voicemailFixture,
} from '../fixtures.ts';
import { MockGateway } from '../mock-gateway.ts';
import type { DeliveryReport } from '../../protocol/index.ts';
import { MockConsents } from '../mock-consents.ts';
import { MockDeviceTokens } from '../mock-device-tokens.ts';
import { MockEnrollment } from '../mock-enrollment.ts';
import { MockDisplays } from '../mock-displays.ts';
import { MockSmsNetwork } from '../mock-sms-network.ts';
import { MockTexting } from '../mock-texting.ts';
import { MockVoicemail } from '../mock-voicemail.ts';

/**
 * A mock backend: the push gateway and the voicemail, consent, display, enrollment and texting routes behind it, and
 * the carrier's SMS network its phones text through.
 */
export interface MockBackend {
  /** Which device each token is: the gateway's and every device route's. */
  tokens: MockDeviceTokens;
  gateway: MockGateway;
  enrollment: MockEnrollment;
  voicemail: MockVoicemail;
  consents: MockConsents;
  displays: MockDisplays;
  texting: MockTexting;
  smsNetwork: MockSmsNetwork;
  /** What devices reported about their alerts (`POST /api/deliveries`), in order. */
  deliveries: DeliveryReport[];
}

/**
 * Named scenarios: a fresh mock backend, set up as the name says. Tests and `npm run dev:mock` pick one by name.
 * - `default`: the living-room STB, with a voicemail from Jane arriving shortly after it connects (PIN 8264); Mary's
 *   phone lets it text through her, and each text it sends is told sent to the phone, sent, then delivered.
 * - `empty`: the living-room STB and nothing to show.
 * - `push-storm`: fifty voicemails queued before the STB connects.
 */
export const SCENARIOS = {
  default: ({ gateway, voicemail, texting }: MockBackend) => {
    voicemail.add(messageFixture('mock-1'));
    texting.profiles.set(MOCK_CREDENTIALS.deviceId, [
      profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] }),
    ]);
    texting.statusScript = [
      { status: 'sent-to-phone', afterMs: 500 },
      { status: 'sent', afterMs: 1500 },
      { status: 'delivered', afterMs: 3000 },
    ];
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
  'push-storm': ({ gateway, voicemail }: MockBackend) => {
    for (let i = 1; i <= 50; i++) {
      voicemail.add(messageFixture(`storm-${i}`, { callerName: `Caller ${i}` }));
      gateway.publish(
        MOCK_CREDENTIALS.deviceId,
        'voicemail.new',
        `voicemail.new:storm-${i}`,
        voicemailFixture(`storm-${i}`, { callerName: `Caller ${i}` }),
      );
    }
  },
} satisfies Record<string, (backend: MockBackend) => void>;

export type ScenarioName = keyof typeof SCENARIOS;

export function createScenario(name: ScenarioName): MockBackend {
  const tokens = new MockDeviceTokens(
    Object.fromEntries(Object.entries(MOCK_TOKENS).map(([device, token]) => [token, device])),
  );
  const gateway = new MockGateway(tokens);
  const smsNetwork = new MockSmsNetwork();
  const backend: MockBackend = {
    tokens,
    gateway,
    enrollment: new MockEnrollment(tokens),
    voicemail: new MockVoicemail(),
    consents: new MockConsents(gateway),
    displays: new MockDisplays(tokens),
    texting: new MockTexting(gateway),
    smsNetwork,
    deliveries: [],
  };
  SCENARIOS[name](backend);
  return backend;
}
