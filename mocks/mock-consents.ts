import { ErrorCode, type Consent } from '../protocol/index.ts';
import { MOCK_DEVICES } from './fixtures.ts';
import type { MockGateway } from './mock-gateway.ts';
import { failure, type Failure } from './refusals.ts';

/** A request to link a phone's line, and the phone it was asked of. */
interface AskedConsent extends Consent {
  phoneId: string;
}

/**
 * The `/api/consents` routes for msw: requests to link a mock phone's line that a test asks (pushed to that phone as
 * `consent.requested`, and listed to it until it answers), and the answers phones gave (`answers`). Who may answer
 * a request, and only once, is the backend's rule (server/provisioning/provisioning.test.ts).
 */
export class MockConsents {
  readonly consents: AskedConsent[] = [];
  /** Every answer a phone sent, in order. */
  readonly answers: { deviceId: string; consentId: string; approve: boolean }[] = [];
  private readonly gateway: MockGateway;
  private ids = 0;

  constructor(gateway: MockGateway) {
    this.gateway = gateway;
  }

  /** Someone asks to link the phone's line; the phone is told at once, as the backend would tell it. */
  ask(phoneId: string, requesterName: string): Consent {
    const phone = MOCK_DEVICES.find((d) => d.id === phoneId && d.phoneNumber);
    if (!phone) throw new Error(`no mock phone ${phoneId}`);
    const consent: AskedConsent = {
      id: `mock-consent-${++this.ids}`,
      line: phone.phoneNumber!,
      holderName: phone.name,
      requesterName,
      purpose: `${requesterName} asks to show this line's voicemail, calls and texts on the TVs of a Couchline joint account.`,
      state: 'pending',
      createdAt: new Date().toISOString(),
      decidedAt: null,
      phoneId,
    };
    this.consents.push(consent);
    this.gateway.publish(phoneId, 'consent.requested', `consent.requested:${consent.id}`, {
      consentId: consent.id,
      requesterName,
      purpose: consent.purpose,
    });
    return consent;
  }

  /** The requests asked of this phone that it has not answered. */
  pendingFor(deviceId: string): Consent[] {
    return this.consents.filter((c) => c.phoneId === deviceId && c.state === 'pending').map(view);
  }

  /** The phone's answer, recorded; the request says what it answered. */
  decide(deviceId: string, consentId: string, approve: boolean): Consent | Failure {
    this.answers.push({ deviceId, consentId, approve });
    const consent = this.consents.find((c) => c.id === consentId);
    if (!consent) return failure(404, ErrorCode.ConsentNotFound, 'no such consent request');
    consent.state = approve ? 'approved' : 'refused';
    consent.decidedAt = new Date().toISOString();
    return view(consent);
  }
}

function view({ phoneId: _, ...consent }: AskedConsent): Consent {
  return consent;
}
