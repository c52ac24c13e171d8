import {
  ErrorCode,
  type DeviceProfile,
  type EventData,
  type IncomingTextReport,
  type PendingRequestList,
  type PresenceCommand,
  type SendTextRequest,
  type TextStatus,
  type TextStatusReport,
  type TextView,
} from '../protocol/index.ts';
import { MOCK_DEVICES, profileFixture } from './fixtures.ts';
import type { MockGateway } from './mock-gateway.ts';
import { failure, type Failure } from './refusals.ts';

/** A request a device made, as the mock received it: whose (by its token) and what it sent. */
export interface Received<T> {
  deviceId: string;
  body: T;
}

/** A text a device sent, and how the mock answered. */
export interface SentText extends Received<SendTextRequest> {
  answer: TextView;
}

/** One step of a scripted demo: the status a text's sender is told, this long after the text was answered. */
export interface ScriptedStatus {
  status: TextStatus;
  reason?: string | null;
  afterMs: number;
}

/**
 * The identity service's and the text relay's routes for msw, kept thin: they answer from what the scenario or the
 * test set up, and record what devices sent. Nothing here decides what the real ones decide (whose grant lets whom
 * send or see a phone, who gets copies, which status may follow which): a test says what the server would answer
 * and pushes what it would push (`gateway.publish`); those rules are tested against the real backend
 * (server/identity/identity-service.test.ts, server/texts/text-relay.test.ts, tests/e2e/texts.test.ts).
 */
export class MockTexting {
  // ---- what the scenario or the test set up ----

  /** What `GET /api/identity/profiles` answers each device, by id (none: an empty list). */
  readonly profiles = new Map<string, DeviceProfile[]>();
  /** What `GET /api/identity/requests` answers each phone, by id: the devices waiting for its answer. */
  readonly waiting = new Map<string, PendingRequestList['requests']>();
  /** How many phones `POST /api/identity/requests` says it asked. */
  askedProxies = 1;
  /** How the next sends are answered, in order (an `unauthorized` one with a 403, as the relay refuses); then queued. */
  readonly sendAnswers: { status: TextStatus; reason: string | null }[] = [];
  /** Pushed to the sender of each queued text, in order (a demo's script: tests push their own). */
  statusScript: readonly ScriptedStatus[] = [];
  /** The relay cannot be reached (a dropped connection): sending fails as a network error. */
  offline = false;

  // ---- what devices sent, in order ----

  readonly presences: Received<PresenceCommand>[] = [];
  /** The devices that asked the phones to let them text (`POST /api/identity/requests`). */
  readonly asked: string[] = [];
  /** The requests a phone said no to (`DELETE /api/identity/requests/:profileId`): the profile id it named. */
  readonly declined: Received<string>[] = [];
  readonly sent: SentText[] = [];
  readonly reports: (Received<TextStatusReport> & { textId: string })[] = [];
  readonly incoming: Received<IncomingTextReport>[] = [];

  private readonly gateway: MockGateway;
  private ids = 0;

  /** @param gateway the mock backend's: a demo's scripted statuses go out through it. */
  constructor(gateway: MockGateway) {
    this.gateway = gateway;
  }

  /** The device's profile (`prf_mock_<device id>`) with the capabilities it said. */
  presence(deviceId: string, command: PresenceCommand): DeviceProfile {
    this.presences.push({ deviceId, body: command });
    return profileFixture(deviceId, { capabilities: command.capabilities });
  }

  /** What the device said in its last presence command (a phone's master list is in it). */
  lastPresence(deviceId: string): PresenceCommand | undefined {
    return this.presences.filter((p) => p.deviceId === deviceId).at(-1)?.body;
  }

  profilesFor(deviceId: string): DeviceProfile[] {
    return this.profiles.get(deviceId) ?? [];
  }

  requestSms(deviceId: string): number {
    this.asked.push(deviceId);
    return this.askedProxies;
  }

  pendingFor(deviceId: string): PendingRequestList['requests'] {
    return this.waiting.get(deviceId) ?? [];
  }

  decline(deviceId: string, profileId: string): null {
    this.declined.push({ deviceId, body: profileId });
    return null;
  }

  send(deviceId: string, request: SendTextRequest): SentText {
    const { status, reason } = this.sendAnswers.shift() ?? { status: 'queued' as const, reason: null };
    const answer: TextView = {
      textId: `mock-text-${++this.ids}`,
      clientId: request.clientId,
      fromName: MOCK_DEVICES.find((d) => d.id === deviceId)?.name ?? deviceId,
      recipient: request.recipient,
      payload: request.payload,
      status,
      reason,
      at: new Date().toISOString(),
    };
    const sent: SentText = { deviceId, body: request, answer };
    this.sent.push(sent);
    if (status === 'queued') {
      for (const step of this.statusScript) {
        setTimeout(() => {
          const data = { ...textUpdated(answer), status: step.status, reason: step.reason ?? null };
          this.gateway.publish(
            deviceId,
            'text.updated',
            `text.updated:${answer.textId}:${step.status}`,
            data,
          );
        }, step.afterMs);
      }
    }
    return sent;
  }

  /** A phone reports on a text it was pushed (`sms.send-request`); the answer is that text with the status. */
  report(deviceId: string, textId: string, report: TextStatusReport): TextView | Failure {
    this.reports.push({ deviceId, textId, body: report });
    const pushed = this.gateway.published.find(
      (p) => p.deviceId === deviceId && p.event.name === 'sms.send-request' && p.event.data.textId === textId,
    );
    if (!pushed) return failure(404, ErrorCode.NotFound, 'no such text for this phone');
    const request = pushed.event.data as EventData<'sms.send-request'>;
    return {
      textId,
      // The sender's own id for the text is not in the request a phone is pushed.
      clientId: textId,
      fromName: request.fromName,
      recipient: request.recipient,
      payload: request.payload,
      status: report.status,
      reason: report.reason ?? null,
      at: pushed.event.at,
    };
  }

  /** The phone's last report on a text. */
  lastReport(textId: string): TextStatusReport | undefined {
    return this.reports.filter((r) => r.textId === textId).at(-1)?.body;
  }

  /** A phone received a text on its line. The mock tells nobody: a test pushes `text.incoming` where it means to. */
  receive(deviceId: string, report: IncomingTextReport): string[] {
    this.incoming.push({ deviceId, body: report });
    return [];
  }
}

/** A text's fields as `text.updated` carries them. */
export function textUpdated(text: TextView): Omit<EventData<'text.updated'>, 'status' | 'reason'> {
  const { textId, clientId, fromName, recipient, payload } = text;
  return { textId, clientId, fromName, recipient, payload };
}
