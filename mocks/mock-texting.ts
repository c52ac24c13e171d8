import {
  ErrorCode,
  type Authorization,
  type DeviceProfile,
  type DeviceSummary,
  type IncomingTextReport,
  type PresenceCommand,
  type SendTextRequest,
  type TextStatus,
  type TextStatusReport,
  type TextView,
} from '../protocol/index.ts';
import { MOCK_DEVICES } from './fixtures.ts';
import type { MockGateway } from './mock-gateway.ts';
import type { MockSmsNetwork } from './mock-sms-network.ts';
import { failure, noDeviceToken, type Failure } from './refusals.ts';

/** A text at the relay: what its devices see, and between whom it goes. */
interface Text extends TextView {
  fromDevice: string;
  proxyDevice: string;
}

/** The statuses a text goes through in order; delivered, failed and unauthorized are final. */
const PROGRESS: readonly TextStatus[] = ['queued', 'sent-to-phone', 'sent', 'delivered'];
const FINAL: readonly TextStatus[] = ['delivered', 'failed', 'unauthorized'];

/**
 * The identity service and the text relay in memory, for msw (the real ones are server/identity and server/texts; the SMS network is mock-sms-network.ts, the real one carriers/sms-network).
 * What it keeps is what devices said and sent: each device's last presence command (its profile is
 * `prf_mock_<device id>`), the requests to use a proxy's SMS waiting on each proxy, and the texts. What it answers
 * follows from one question — what has a proxy granted a device (`grantOf`) — which decides the profiles a device
 * sees, whether its text goes to the proxy or is refused, and who gets copies.
 */
export class MockTexting {
  readonly texts: Text[] = [];
  /** The relay cannot be reached (a test's dropped connection): sending fails as a network error. */
  offline = false;
  private readonly presences = new Map<string, PresenceCommand>();
  /** Proxy device → the devices that asked to use its SMS and wait for an answer. */
  private readonly requests = new Map<string, Set<string>>();
  private readonly gateway: MockGateway;
  private readonly smsNetwork: MockSmsNetwork;
  private ids = 0;

  /** @param smsNetwork the backend's SMS network, which the phone page's tests reach through here. */
  constructor(gateway: MockGateway, smsNetwork: MockSmsNetwork) {
    this.gateway = gateway;
    this.smsNetwork = smsNetwork;
  }

  // ---- identity ----

  presence(token: string, command: PresenceCommand): DeviceProfile | Failure {
    const device = this.deviceOf(token);
    if (!device) return noDeviceToken();
    const before = this.presences.get(device.id);
    this.presences.set(device.id, command);
    // Whoever was granted something else now is told, and its request (if any) is answered.
    const grants = (authorized: Authorization[] = []) =>
      new Map(authorized.map((a) => [a.profileId, a.scopes.join()]));
    const [old, now] = [grants(before?.authorized), grants(command.authorized)];
    for (const profileId of new Set([...old.keys(), ...now.keys()])) {
      const target = this.deviceOfProfile(profileId);
      if (old.get(profileId) === now.get(profileId) || !target) continue;
      this.requests.get(device.id)?.delete(target);
      this.gateway.publish(target, 'profiles.changed', `profiles.changed:${++this.ids}`, {});
    }
    return this.profile(device.id, null);
  }

  /** Whether the device has sent its presence command. */
  hasProfile(deviceId: string): boolean {
    return this.presences.has(deviceId);
  }

  /** The other devices' profiles; a proxy's only when it granted this device something. */
  profilesFor(token: string): DeviceProfile[] | Failure {
    const device = this.deviceOf(token);
    if (!device) return noDeviceToken();
    return [...this.presences].flatMap(([id, presence]) => {
      if (id === device.id) return [];
      if (!presence.capabilities.includes('sms')) return [this.profile(id, null)];
      const grant = this.grantOf(id, device.id);
      return grant ? [this.profile(id, grant.scopes)] : [];
    });
  }

  /** The device asks every proxy that has not granted it anything yet; returns how many were asked. */
  requestSms(token: string): number | Failure {
    const device = this.deviceOf(token);
    if (!device || !this.presences.has(device.id)) return noDeviceToken();
    let asked = 0;
    for (const [proxy, presence] of this.presences) {
      if (proxy === device.id || !presence.capabilities.includes('sms') || this.grantOf(proxy, device.id))
        continue;
      this.requests.set(proxy, (this.requests.get(proxy) ?? new Set()).add(device.id));
      this.gateway.publish(proxy, 'capability.requested', `capability.requested:${++this.ids}`, {
        profileId: profileIdOf(device.id),
        name: device.name,
        capability: 'sms',
      });
      asked++;
    }
    return asked;
  }

  pendingFor(token: string) {
    const device = this.deviceOf(token);
    if (!device) return noDeviceToken();
    return [...(this.requests.get(device.id) ?? [])].map((id) => ({
      profileId: profileIdOf(id),
      name: nameOf(id),
      capability: 'sms' as const,
      at: new Date().toISOString(),
    }));
  }

  decline(token: string, profileId: string): null | Failure {
    const device = this.deviceOf(token);
    const requester = this.deviceOfProfile(profileId);
    if (!device || !requester || !this.requests.get(device.id)?.delete(requester)) {
      return failure(404, ErrorCode.NotFound, 'no such request for this phone');
    }
    this.gateway.publish(requester, 'profiles.changed', `profiles.changed:${++this.ids}`, {});
    return null;
  }

  // ---- texts ----

  send(token: string, request: SendTextRequest): { text: TextView; refused: boolean } | Failure {
    const device = this.deviceOf(token);
    if (!device) return noDeviceToken();
    const existing = this.texts.find((t) => t.fromDevice === device.id && t.clientId === request.clientId);
    if (existing) return { text: viewOf(existing), refused: existing.status === 'unauthorized' };
    const proxy = this.deviceOfProfile(request.proxyProfileId);
    if (!proxy || proxy === device.id || !this.presences.get(proxy)?.capabilities.includes('sms')) {
      return failure(
        404,
        ErrorCode.DeviceNotFound,
        'no device of this household can send SMS by that profile',
      );
    }
    const allowed = this.grantOf(proxy, device.id)?.scopes.includes('send') ?? false;
    const text: Text = {
      textId: `mock-text-${++this.ids}`,
      clientId: request.clientId,
      fromName: device.name,
      recipient: request.recipient,
      payload: request.payload,
      status: allowed ? 'queued' : 'unauthorized',
      reason: allowed ? null : `${nameOf(proxy)} has not authorized ${device.name} to send texts`,
      at: new Date().toISOString(),
      fromDevice: device.id,
      proxyDevice: proxy,
    };
    this.texts.push(text);
    if (allowed) {
      this.gateway.publish(proxy, 'sms.send-request', `sms.send-request:${text.textId}`, {
        textId: text.textId,
        fromProfileId: profileIdOf(device.id),
        fromName: device.name,
        recipient: text.recipient,
        payload: text.payload,
        sendAsSms: true,
      });
    }
    this.fanOut(text);
    return { text: viewOf(text), refused: !allowed };
  }

  /** The proxy reports where its text is. */
  report(token: string, textId: string, report: TextStatusReport): TextView | Failure {
    const device = this.deviceOf(token);
    const text = this.texts.find((t) => t.textId === textId);
    if (!device || text?.proxyDevice !== device.id) {
      return failure(404, ErrorCode.NotFound, 'no such text for this phone');
    }
    this.advance(text, report.status, report.reason ?? null);
    return viewOf(text);
  }

  /** A text moves on (never back, never after a final status); its sender, proxy and copies are told. */
  advance(text: Text, status: TextStatus, reason: string | null): void {
    const backwards = PROGRESS.includes(status) && PROGRESS.indexOf(status) <= PROGRESS.indexOf(text.status);
    if (FINAL.includes(text.status) || backwards) return;
    text.status = status;
    text.reason = reason;
    this.fanOut(text);
  }

  /** The proxy received a text on its line: the devices it shares received texts with are told. */
  incoming(token: string, report: IncomingTextReport): string[] | Failure {
    const device = this.deviceOf(token);
    const presence = device && this.presences.get(device.id);
    if (!device?.phoneNumber || !presence?.capabilities.includes('sms')) {
      return failure(403, ErrorCode.Forbidden, 'only a phone that said it can send SMS reports texts');
    }
    const told = this.receiversOf(device.id);
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

  // ---- the SMS network, as the phone page's tests reach it ----

  /** Every SMS the network was handed. */
  get network() {
    return this.smsNetwork.sent;
  }

  fail(number: string, reason: string | null): void {
    this.smsNetwork.fail(number, reason);
  }

  inbound(from: string, to: string, text: string): void {
    this.smsNetwork.inbound(from, to, text);
  }

  /** What the proxy granted the device (its scopes), if anything. */
  private grantOf(proxy: string, deviceId: string): Authorization | undefined {
    if (!this.presences.has(deviceId)) return undefined;
    return this.presences.get(proxy)?.authorized?.find((a) => a.profileId === profileIdOf(deviceId));
  }

  /** The devices the proxy shares its received texts with. */
  private receiversOf(proxy: string): string[] {
    return (this.presences.get(proxy)?.authorized ?? [])
      .filter((a) => a.scopes.includes('receive'))
      .flatMap((a) => this.deviceOfProfile(a.profileId) ?? []);
  }

  /** The text's status to its sender, its proxy and the devices that get copies. */
  private fanOut(text: Text): void {
    const receivers = new Set([text.fromDevice, text.proxyDevice, ...this.receiversOf(text.proxyDevice)]);
    const { textId, clientId, fromName, recipient, payload, status, reason } = text;
    const data = { textId, clientId, fromName, recipient, payload, status, reason };
    for (const id of receivers) {
      this.gateway.publish(id, 'text.updated', `text.updated:${textId}:${status}`, data);
    }
  }

  /** The demo device a token belongs to (through the gateway's tokens: a revoked one is nobody's). */
  private deviceOf(token: string): DeviceSummary | undefined {
    const id = this.gateway.tokens.deviceOf(token);
    return MOCK_DEVICES.find((d) => d.id === id);
  }

  /** The device whose profile this is, once it has sent its presence. */
  private deviceOfProfile(profileId: string): string | undefined {
    const id = profileId.startsWith(PROFILE_PREFIX) ? profileId.slice(PROFILE_PREFIX.length) : '';
    return this.presences.has(id) ? id : undefined;
  }

  private profile(deviceId: string, granted: DeviceProfile['grantedToYou'] | null): DeviceProfile {
    const device = MOCK_DEVICES.find((d) => d.id === deviceId)!;
    return {
      profileId: profileIdOf(deviceId),
      name: device.name,
      kind: device.kind,
      capabilities: this.presences.get(deviceId)?.capabilities ?? [],
      ...(granted ? { grantedToYou: granted } : {}),
    };
  }
}

const PROFILE_PREFIX = 'prf_mock_';
const profileIdOf = (deviceId: string) => `${PROFILE_PREFIX}${deviceId}`;
const nameOf = (deviceId: string) => MOCK_DEVICES.find((d) => d.id === deviceId)?.name ?? deviceId;

function viewOf(text: Text): TextView {
  const { textId, clientId, fromName, recipient, payload, status, reason, at } = text;
  return { textId, clientId, fromName, recipient, payload, status, reason, at };
}
