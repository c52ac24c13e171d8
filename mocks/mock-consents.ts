import { ErrorCode, type Consent } from '../protocol/index.ts';
import { MOCK_DEVICES } from './fixtures.ts';
import type { MockGateway } from './mock-gateway.ts';
import { failure, noDeviceToken, type Failure } from './refusals.ts';

/**
 * The consent side of the backend in memory, for msw: requests to link a mock phone's line, pushed to that phone
 * as `consent.requested`, answered once and only by that phone (as server/provisioning does).
 */
export class MockConsents {
  readonly consents: Consent[] = [];
  private readonly gateway: MockGateway;
  private ids = 0;

  constructor(gateway: MockGateway) {
    this.gateway = gateway;
  }

  /** Someone asks to link the phone's line; the phone is told at once. */
  ask(phoneId: string, requesterName: string): Consent {
    const phone = MOCK_DEVICES.find((d) => d.id === phoneId && d.phoneNumber);
    if (!phone) throw new Error(`no mock phone ${phoneId}`);
    const consent: Consent = {
      id: `mock-consent-${++this.ids}`,
      line: phone.phoneNumber!,
      holderName: phone.name,
      requesterName,
      purpose: `${requesterName} asks to show this line's voicemail, calls and texts on the TVs of a Couchline joint account.`,
      state: 'pending',
      createdAt: new Date().toISOString(),
      decidedAt: null,
    };
    this.consents.push(consent);
    this.gateway.publish(phoneId, 'consent.requested', `consent.requested:${consent.id}`, {
      consentId: consent.id,
      requesterName,
      purpose: consent.purpose,
    });
    return consent;
  }

  pendingFor(token: string): Consent[] | Failure {
    const line = this.lineOf(token);
    if (line === undefined) return noDeviceToken();
    return this.consents.filter((c) => c.line === line && c.state === 'pending');
  }

  decide(token: string, consentId: string, approve: boolean): Consent | Failure {
    const line = this.lineOf(token);
    if (line === undefined) return noDeviceToken();
    const consent = this.consents.find((c) => c.id === consentId);
    if (!consent) return failure(404, ErrorCode.ConsentNotFound, 'no such consent request');
    if (consent.line !== line)
      return failure(403, ErrorCode.Forbidden, 'only the phone with this line can answer for it');
    if (consent.state !== 'pending')
      return failure(409, ErrorCode.ConsentMissing, `this request was already ${consent.state}`);
    consent.state = approve ? 'approved' : 'refused';
    consent.decidedAt = new Date().toISOString();
    return consent;
  }

  /** The line of the device a token belongs to: null for a device without one, undefined for no device. */
  private lineOf(token: string): string | null | undefined {
    const deviceId = this.gateway.tokens.deviceOf(token);
    return deviceId === undefined
      ? undefined
      : (MOCK_DEVICES.find((d) => d.id === deviceId)?.phoneNumber ?? null);
  }
}
