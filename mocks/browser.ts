import { setupWorker } from 'msw/browser';
import { consentHandlers } from './handlers/consents.ts';
import { deliveryHandlers } from './handlers/deliveries.ts';
import { enrollmentHandlers } from './handlers/enrollment.ts';
import { householdHandlers } from './handlers/household-devices.ts';
import { demoHandlers } from './handlers/demo.ts';
import { textingHandlers } from './handlers/texting.ts';
import { displayHandlers } from './handlers/displays.ts';
import { smsNetworkHandlers } from './handlers/sms-network.ts';
import { pushHandlers } from './handlers/push.ts';
import { voicemailHandlers } from './handlers/voicemail.ts';
import { MockHousehold } from './mock-household.ts';
import { createScenario, type ScenarioName } from './scenarios/index.ts';

export { MOCK_CREDENTIALS } from './fixtures.ts';

/** Starts msw in the page with a named scenario (`?scenario=push-storm`, `default` otherwise). */
export async function startMockWorker(name: ScenarioName = scenarioFromUrl()) {
  const { tokens, gateway, voicemail, consents, displays, deliveries, texting, smsNetwork, enrollment } =
    createScenario(name);
  const worker = setupWorker(
    ...pushHandlers(gateway),
    ...voicemailHandlers(voicemail, tokens),
    ...consentHandlers(consents, tokens),
    ...displayHandlers(displays),
    ...textingHandlers(texting, tokens),
    ...smsNetworkHandlers(smsNetwork),
    ...deliveryHandlers(deliveries, tokens),
    ...enrollmentHandlers(enrollment),
    // The household's side (the setup page's and a phone's approvals, the devices list, phones signing in).
    ...householdHandlers(new MockHousehold(gateway)),
    ...demoHandlers,
  );
  await worker.start({ onUnhandledFrame: 'bypass', quiet: true });
  return { worker, gateway, voicemail, consents, displays, texting, enrollment };
}

function scenarioFromUrl(): ScenarioName {
  const name = new URLSearchParams(window.location.search).get('scenario');
  return name === 'empty' || name === 'push-storm' ? name : 'default';
}
