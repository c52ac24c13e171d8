import { setupWorker } from 'msw/browser';
import { consentHandlers } from '../../mocks/handlers/consents.ts';
import { deliveryHandlers } from '../../mocks/handlers/deliveries.ts';
import { enrollmentHandlers } from '../../mocks/handlers/enrollment.ts';
import { demoHandlers } from '../../mocks/handlers/demo.ts';
import { textingHandlers } from '../../mocks/handlers/texting.ts';
import { displayHandlers } from '../../mocks/handlers/displays.ts';
import { smsNetworkHandlers } from '../../mocks/handlers/sms-network.ts';
import { pushHandlers } from '../../mocks/handlers/push.ts';
import { voicemailHandlers } from '../../mocks/handlers/voicemail.ts';
import type { MockGateway } from '../../mocks/mock-gateway.ts';
import { textUpdated, type SentText } from '../../mocks/mock-texting.ts';
import { createScenario, type MockBackend, type ScenarioName } from '../../mocks/scenarios/index.ts';
import type { TextStatus } from '../../protocol/index.ts';
import { waitFor } from './wait.ts';

type Handlers = Parameters<typeof setupWorker>;

/**
 * Starts a test page's msw worker. Call it once per test page (it patches the global WebSocket once) with
 * permanent handlers that forward to the current test's doubles (see {@link forwardTo}). Swapping handlers
 * instead would need `Set.prototype.intersection`, which WPE 2.38 lacks.
 */
export function startTestWorker(...handlers: Handlers): Promise<unknown> {
  return setupWorker(...handlers).start({
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
}

/** Stands in for what `current()` returns whenever a handler uses it: the double of whichever test set it up. */
export function forwardTo<T extends object>(current: () => T | null, missing: string): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = current();
      if (!target) throw new Error(`no ${missing} is active`);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** What a test gets of its mock backend: the backend, and `stop()` to drop its sockets and let it go. */
export type StartedBackend<B extends MockBackend> = B & { stop: () => void };

/**
 * One mock backend at a time on this test page: the first `start()` starts the worker with the backend's
 * handlers (after `extraHandlers`, which answer first); each `start()` makes a fresh backend the current one.
 */
export function mockBackendWorker<B extends MockBackend>(
  extraHandlers: (part: <K extends keyof B>(name: K) => B[K]) => Handlers = () => [],
): (makeBackend: () => B) => Promise<StartedBackend<B>> {
  let current: B | null = null;
  let started: Promise<unknown> | undefined;
  const part = <K extends keyof B>(name: K): B[K] =>
    forwardTo(() => (current ? (current[name] as B[K] & object) : null), 'mock backend');
  return async (makeBackend) => {
    started ??= startTestWorker(
      ...extraHandlers(part),
      ...pushHandlers(part('gateway')),
      ...voicemailHandlers(part('voicemail'), part('tokens')),
      ...consentHandlers(part('consents'), part('tokens')),
      ...displayHandlers(part('displays')),
      ...textingHandlers(part('texting'), part('tokens')),
      ...smsNetworkHandlers(part('smsNetwork')),
      ...deliveryHandlers(part('deliveries'), part('tokens')),
      ...enrollmentHandlers(part('enrollment')),
      ...demoHandlers,
    );
    await started;
    const backend = makeBackend();
    current = backend;
    return {
      ...backend,
      stop: () => {
        backend.gateway.dropAll();
        if (current === backend) current = null;
      },
    };
  };
}

const startMockBackend = mockBackendWorker<MockBackend>();

/** Points the push channel at a fresh gateway set up as the named scenario says. */
export function startMockPush(scenario: ScenarioName = 'empty'): Promise<StartedBackend<MockBackend>> {
  return startMockBackend(() => createScenario(scenario));
}

/**
 * What the relay would push about a text a device sent through the mock: `text.updated` with `status`, to that
 * device. The test states it; the real relay's rules for it are tested in server/texts/text-relay.test.ts.
 */
export function pushTextStatus(
  gateway: MockGateway,
  sent: SentText,
  status: TextStatus,
  reason: string | null = null,
): void {
  const data = { ...textUpdated(sent.answer), status, reason };
  gateway.publish(sent.deviceId, 'text.updated', `text.updated:${sent.answer.textId}:${status}`, data);
}

let barriers = 0;

/**
 * A barrier on the push channel, for checking that something did not happen: publishes to `deviceId` a frame that
 * changes nothing it shows (the end of a call that never rang) and resolves once the device has acknowledged it. A
 * device handles its events one at a time, in order, and acknowledges each only after handling it, so by then it
 * has handled every event published before: whatever those were going to show or store, it has.
 */
export async function pushBarrier(gateway: MockGateway, deviceId: string): Promise<void> {
  const n = ++barriers;
  const { seq } = gateway.publish(deviceId, 'callerid.ended', `barrier:${n}`, {
    callId: `barrier-${n}`,
    reason: 'hung-up',
  });
  await waitFor(
    () => gateway.acks.get(deviceId)?.some((acked) => acked >= seq),
    `${deviceId} to acknowledge the barrier (seq ${seq}), after everything published before it`,
  );
}
