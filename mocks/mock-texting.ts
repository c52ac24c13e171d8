import {
  ErrorCode,
  type Authorization,
  type DeviceProfile,
  type ErrorBody,
  type IncomingTextReport,
  type LineEvent,
  type PresenceCommand,
  type SendTextRequest,
  type TextStatus,
  type TextStatusReport,
  type TextView,
} from '../protocol/index.ts';
import { MOCK_DEVICES } from './fixtures.ts';
import type { MockGateway } from './mock-gateway.ts';

export type Failure = { status: number; body: ErrorBody };

interface Profile {
  deviceId: string;
  profileId: string;
  capabilities: PresenceCommand['capabilities'];
  authorized: Authorization[];
}

interface Text extends TextView {
  fromDevice: string;
  proxyDevice: string;
}

/** Where the mock SMS network answers (the phone page's SIM in mock mode). */
export const MOCK_SMS_NETWORK_URL = 'https://sms.couchline.test';

/**
 * The identity service, the text relay and the SMS network in memory, for msw: presence and profiles (a proxy seen
 * only by the devices it authorized), requests to use a proxy, texts relayed to the proxy as `sms.send-request`
 * with their status to the sender and the proxy, incoming texts to the devices allowed to receive; and a network
 * whose lines have a feed, delivery reports and failures a test can switch on. The real ones are
 * server/identity, server/texts and carriers/sms-network.
 */
export class MockTexting {
  readonly texts: Text[] = [];
  /** The relay cannot be reached (a test's dropped connection): sending fails as a network error. */
  offline = false;
  /** Every SMS the mock network was handed: what the outside world received. */
  readonly network: { id: string; from: string; to: string; text: string }[] = [];
  private readonly profiles = new Map<string, Profile>();
  private readonly requests = new Map<string, Set<string>>();
  private readonly feeds = new Map<string, LineEvent[]>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly faults = new Map<string, string>();
  private readonly gateway: MockGateway;
  private ids = 0;

  constructor(gateway: MockGateway) {
    this.gateway = gateway;
  }

  /** The demo device a token belongs to (through the gateway's tokens: a revoked one is nobody's). */
  private deviceOf(token: string) {
    const id = this.gateway.tokens.deviceOf(token);
    return MOCK_DEVICES.find((d) => d.id === id);
  }

  // ---- identity ----

  presence(token: string, command: PresenceCommand): DeviceProfile | Failure {
    const device = this.deviceOf(token);
    if (!device) return unauthorized();
    const before = this.profiles.get(device.id);
    const profile: Profile = {
      deviceId: device.id,
      profileId: before?.profileId ?? `prf_mock_${device.id}`,
      capabilities: command.capabilities,
      authorized: command.authorized ?? [],
    };
    this.profiles.set(device.id, profile);
    const grants = (p?: Profile) => new Map((p?.authorized ?? []).map((a) => [a.profileId, a.scopes.join()]));
    const [old, now] = [grants(before), grants(profile)];
    for (const id of new Set([...old.keys(), ...now.keys()])) {
      if (old.get(id) === now.get(id)) continue;
      const target = this.byProfile(id);
      if (!target) continue;
      this.requests.get(device.id)?.delete(target.deviceId);
      this.gateway.publish(target.deviceId, 'profiles.changed', `profiles.changed:${++this.ids}`, {});
    }
    return this.view(profile, null);
  }

  /** Whether the device has sent its presence command. */
  hasProfile(deviceId: string): boolean {
    return this.profiles.has(deviceId);
  }

  profilesFor(token: string): DeviceProfile[] | Failure {
    const device = this.deviceOf(token);
    if (!device) return unauthorized();
    const mine = this.profiles.get(device.id);
    return [...this.profiles.values()].flatMap((p) => {
      if (p.deviceId === device.id) return [];
      if (!p.capabilities.includes('sms')) return [this.view(p, null)];
      const grant = mine && p.authorized.find((a) => a.profileId === mine.profileId);
      return grant ? [this.view(p, grant.scopes)] : [];
    });
  }

  requestSms(token: string): number | Failure {
    const device = this.deviceOf(token);
    const mine = device && this.profiles.get(device.id);
    if (!device || !mine) return unauthorized();
    let asked = 0;
    for (const proxy of this.profiles.values()) {
      if (proxy.deviceId === device.id || !proxy.capabilities.includes('sms')) continue;
      if (proxy.authorized.some((a) => a.profileId === mine.profileId)) continue;
      const waiting = this.requests.get(proxy.deviceId) ?? new Set();
      waiting.add(device.id);
      this.requests.set(proxy.deviceId, waiting);
      this.gateway.publish(proxy.deviceId, 'capability.requested', `capability.requested:${++this.ids}`, {
        profileId: mine.profileId,
        name: device.name,
        capability: 'sms',
      });
      asked++;
    }
    return asked;
  }

  pendingFor(token: string) {
    const device = this.deviceOf(token);
    if (!device) return unauthorized();
    return [...(this.requests.get(device.id) ?? [])].map((id) => ({
      profileId: this.profiles.get(id)!.profileId,
      name: MOCK_DEVICES.find((d) => d.id === id)!.name,
      capability: 'sms' as const,
      at: new Date().toISOString(),
    }));
  }

  decline(token: string, profileId: string): null | Failure {
    const device = this.deviceOf(token);
    const requester = this.byProfile(profileId);
    if (!device || !requester || !this.requests.get(device.id)?.delete(requester.deviceId)) {
      return failure(404, ErrorCode.NotFound, 'no such request for this phone');
    }
    this.gateway.publish(requester.deviceId, 'profiles.changed', `profiles.changed:${++this.ids}`, {});
    return null;
  }

  // ---- texts ----

  send(token: string, request: SendTextRequest): { text: TextView; refused: boolean } | Failure {
    const device = this.deviceOf(token);
    if (!device) return unauthorized();
    const existing = this.texts.find((t) => t.fromDevice === device.id && t.clientId === request.clientId);
    if (existing) return { text: viewOf(existing), refused: existing.status === 'unauthorized' };
    const proxy = this.byProfile(request.proxyProfileId);
    if (!proxy?.capabilities.includes('sms') || proxy.deviceId === device.id) {
      return failure(
        404,
        ErrorCode.DeviceNotFound,
        'no device of this household can send SMS by that profile',
      );
    }
    const mine = this.profiles.get(device.id);
    const allowed =
      proxy.authorized.find((a) => a.profileId === mine?.profileId)?.scopes.includes('send') ?? false;
    const proxyName = MOCK_DEVICES.find((d) => d.id === proxy.deviceId)!.name;
    const text: Text = {
      textId: `mock-text-${++this.ids}`,
      clientId: request.clientId,
      fromName: device.name,
      recipient: request.recipient,
      payload: request.payload,
      status: allowed ? 'queued' : 'unauthorized',
      reason: allowed ? null : `${proxyName} has not authorized ${device.name} to send texts`,
      at: new Date().toISOString(),
      fromDevice: device.id,
      proxyDevice: proxy.deviceId,
    };
    this.texts.push(text);
    if (allowed) {
      this.gateway.publish(proxy.deviceId, 'sms.send-request', `sms.send-request:${text.textId}`, {
        textId: text.textId,
        fromProfileId: mine!.profileId,
        fromName: device.name,
        recipient: text.recipient,
        payload: text.payload,
        sendAsSms: true,
      });
    }
    this.fanOut(text);
    return { text: viewOf(text), refused: !allowed };
  }

  report(token: string, textId: string, report: TextStatusReport): TextView | Failure {
    const device = this.deviceOf(token);
    const text = this.texts.find((t) => t.textId === textId);
    if (!device || text?.proxyDevice !== device.id)
      return failure(404, ErrorCode.NotFound, 'no such text for this phone');
    this.advance(text, report.status, report.reason ?? null);
    return viewOf(text);
  }

  /** A test moves a text on as the proxy would (the sender's view of it). */
  advance(text: Text, status: TextStatus, reason: string | null): void {
    const order: TextStatus[] = ['queued', 'sent-to-phone', 'sent', 'delivered'];
    const final = ['delivered', 'failed', 'unauthorized'].includes(text.status);
    if (final || (order.includes(status) && order.indexOf(status) <= order.indexOf(text.status))) return;
    text.status = status;
    text.reason = reason;
    this.fanOut(text);
  }

  incoming(token: string, report: IncomingTextReport): string[] | Failure {
    const device = this.deviceOf(token);
    const profile = device && this.profiles.get(device.id);
    if (!device?.phoneNumber || !profile?.capabilities.includes('sms')) {
      return failure(403, ErrorCode.Forbidden, 'only a phone that said it can send SMS reports texts');
    }
    const told = profile.authorized
      .filter((a) => a.scopes.includes('receive'))
      .flatMap((a) => this.byProfile(a.profileId)?.deviceId ?? []);
    for (const id of told) {
      this.gateway.publish(id, 'text.incoming', `text.incoming:${report.smsId}`, {
        smsId: report.smsId,
        line: device.phoneNumber,
        lineOwner: device.name.replace(/'s phone$/, ''),
        from: report.from,
        text: report.text,
        receivedAt: report.receivedAt,
      });
    }
    return told;
  }

  // ---- the SMS network ----

  /** A phone hands a text to the network; a failure switched on for the number comes back as its report. */
  networkSend(line: string, to: string, text: string): string {
    const id = `mock-sms-${++this.ids}`;
    this.network.push({ id, from: line, to, text });
    const fault = this.faults.get(to);
    setTimeout(
      () =>
        this.addLineEvent(line, {
          type: 'sms.report',
          messageId: id,
          status: fault ? 'failed' : 'delivered',
          reason: fault ?? null,
        }),
      50,
    );
    return id;
  }

  /** Someone outside texts a line. */
  inbound(from: string, to: string, text: string): void {
    this.addLineEvent(to, {
      type: 'sms.received',
      messageId: `mock-sms-${++this.ids}`,
      from,
      text,
      at: new Date().toISOString(),
    });
  }

  fail(number: string, reason: string | null): void {
    if (reason) this.faults.set(number, reason);
    else this.faults.delete(number);
  }

  async feed(line: string, after: number, waitMs: number): Promise<LineEvent[]> {
    const newer = () => (this.feeds.get(line) ?? []).filter((e) => e.seq > after);
    if (newer().length === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const list = this.waiters.get(line) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.waiters.set(line, list);
      });
    }
    return newer();
  }

  private addLineEvent(line: string, event: DistributiveOmit<LineEvent, 'seq'>): void {
    const feed = this.feeds.get(line) ?? [];
    feed.push({ ...event, seq: feed.length + 1 });
    this.feeds.set(line, feed);
    for (const wake of this.waiters.get(line)?.splice(0) ?? []) wake();
  }

  private fanOut(text: Text): void {
    const proxy = this.profiles.get(text.proxyDevice);
    const receivers = new Set([text.fromDevice, text.proxyDevice]);
    for (const grant of proxy?.authorized ?? []) {
      const target = grant.scopes.includes('receive') ? this.byProfile(grant.profileId) : undefined;
      if (target) receivers.add(target.deviceId);
    }
    const { textId, clientId, fromName, recipient, payload, status, reason } = text;
    const data = { textId, clientId, fromName, recipient, payload, status, reason };
    for (const id of receivers) {
      this.gateway.publish(id, 'text.updated', `text.updated:${text.textId}:${text.status}`, data);
    }
  }

  private byProfile(profileId: string): Profile | undefined {
    return [...this.profiles.values()].find((p) => p.profileId === profileId);
  }

  private view(profile: Profile, granted: DeviceProfile['grantedToYou'] | null): DeviceProfile {
    const device = MOCK_DEVICES.find((d) => d.id === profile.deviceId)!;
    return {
      profileId: profile.profileId,
      name: device.name,
      kind: device.kind,
      capabilities: profile.capabilities,
      ...(granted ? { grantedToYou: granted } : {}),
    };
  }
}

/** The mock SIM key of a phone's line: its line number, so the mock network knows whose it is. */
export function mockSimKey(line: string): string {
  return `mock-sim-${line}`;
}

function viewOf(text: Text): TextView {
  const { textId, clientId, fromName, recipient, payload, status, reason, at } = text;
  return { textId, clientId, fromName, recipient, payload, status, reason, at };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const failure = (status: number, code: ErrorCode, message: string): Failure => ({
  status,
  body: { error: { code, message } },
});

const unauthorized = () => failure(401, ErrorCode.AuthInvalidDevice, 'a device token is required');
