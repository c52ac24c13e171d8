import { LitElement, html, nothing } from 'lit';
import type { Consent, DeviceSummary } from '../../protocol/index.ts';
import type { PushState } from '../../client/net/push-client.ts';
import type { InboxSync } from '../../client/inbox/inbox-store.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import { listDemoDevices, pairDemoDevice } from '../demo-household.ts';
import type { EnrollmentApprover } from '../account/enroll-device.ts';
import { createPhoneClient, type PhoneClient } from './phone-client.ts';
import { phoneAppStyles } from './phone-app-styles.ts';
import { consentAnswerNote, consentRequests } from './consent-requests-view.ts';
import type { ConsentAnswer } from './phone-consents.ts';
import { deletePhoneDb, phoneDbName } from './phone-db.ts';
import { householdApprover } from './phone-enrollment.ts';
import { phoneHeader } from './phone-header-view.ts';
import type { PhoneEnrolledPayload, SignInReason } from './phone-sign-in.ts';
import type { PhoneAlert, PhoneNotice } from './phone-voicemail.ts';
import { noticeList, voicemailBanners } from './voicemail-banners-view.ts';
import { phoneInbox } from './phone-inbox-view.ts';
import {
  forgetToken,
  LAST_PHONE_KEY,
  saveCredentials,
  savedProfile,
  savedSim,
  savedToken,
  saveProfile,
  type SavedProfile,
} from './phone-saved.ts';
import { SubscriptionController } from '../shared/subscription-controller.ts';
import '../account/enroll-device.ts';
import './phone-sign-in.ts';
import './phone-texts.ts';
import './sms-requests.ts';

type Pairing =
  | { status: 'loading' }
  | { status: 'ready'; phone: DeviceSummary }
  | { status: 'sign-in'; reason: SignInReason; phoneNumber: string }
  | { status: 'error'; message: string };

/**
 * How the page got its token: the demo household's pairing route, or signing in to the line's wireless account
 * (`POST /api/enroll/phone`).
 */
type Source = 'demo' | 'enrolled';

/**
 * The household's phone, as a page: a device on the push channel like any other, showing its voicemail alerts
 * and its inbox (new and heard), playing and deleting messages. What waits for the holder's answer (a line's
 * consent, a TV asking to text through the phone) comes first, then new voicemail as one row with a count, then
 * the latest news with times, then the inbox. What the TV does to a message shows here, and
 * the other way round. `?device=` says which phone it is. A phone of the demo household pairs itself through
 * `/api/demo/pair`; any other signs in to its line's wireless account (`POST /api/enroll/phone`). A phone its
 * household removed forgets its token and asks to sign in again; it is never paired again behind the person's
 * back. From the phone, a new TV of the household can be approved by its code ("Add a TV").
 */
export class PhoneApp extends LitElement {
  static override styles = phoneAppStyles;

  static override properties = {
    apiUrl: { attribute: 'api-url' },
    pushUrl: { attribute: 'push-url' },
    deviceId: { attribute: 'device' },
    storageName: { attribute: false },
    now: { attribute: false },
    phones: { state: true },
    pairing: { state: true },
    connection: { state: true },
    messages: { state: true },
    sync: { state: true },
    alerts: { state: true },
    notices: { state: true },
    consents: { state: true },
    consentAnswer: { state: true },
    addingTv: { state: true },
  };

  declare apiUrl: string;
  declare pushUrl: string;
  declare deviceId: string | null;
  /** The IndexedDB database name; by default one per phone. */
  declare storageName: string | null;
  /** The phone's clock (its texting limits count by it); tests move it. */
  declare now: () => number;
  declare phones: DeviceSummary[];
  declare pairing: Pairing;
  declare connection: PushState;
  declare messages: InboxMessage[];
  declare sync: InboxSync;
  declare alerts: PhoneAlert[];
  declare notices: PhoneNotice[];
  declare consents: Consent[];
  declare consentAnswer: ConsentAnswer | null;
  /** The "Add a TV" panel is open. */
  declare addingTv: boolean;
  private client: PhoneClient | null = null;
  /** This phone approving codes for its household (its device token); null until it is on. */
  private approver: EnrollmentApprover | null = null;
  /** The paired phone's streams, followed while the page is in the document. */
  private readonly streams = new SubscriptionController(this);
  /** Bumped on every (re)connect, so a slow older pairing never wires itself over a newer one. */
  private generation = 0;

  constructor() {
    super();
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.apiUrl = window.location.origin;
    this.pushUrl = `${scheme}//${window.location.host}/push`;
    this.deviceId = new URLSearchParams(window.location.search).get('device');
    this.storageName = null;
    this.now = Date.now;
    this.phones = [];
    this.pairing = { status: 'loading' };
    this.connection = 'idle';
    this.messages = [];
    this.sync = 'idle';
    this.alerts = [];
    this.notices = [];
    this.consents = [];
    this.consentAnswer = null;
    this.addingTv = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.generation++;
    this.teardown();
  }

  /** The services behind the page, for tests and the console. */
  get services(): PhoneClient | null {
    return this.client;
  }

  override render() {
    const p = this.pairing;
    return html`
      ${phoneHeader({
        phone: p.status === 'ready' ? p.phone : null,
        signingIn: p.status === 'sign-in',
        connection: this.connection,
        phones: this.phones,
        onSwitch: (deviceId) => this.switchTo(deviceId),
      })}
      ${p.status === 'error' ? html`<p class="error" role="alert">${p.message}</p>` : nothing}
      ${
        p.status === 'sign-in'
          ? html`<phone-sign-in
              .apiUrl=${this.apiUrl}
              .reason=${p.reason}
              .phoneNumber=${p.phoneNumber}
              @phone:enrolled=${this.onEnrolled}
            ></phone-sign-in>`
          : nothing
      }
      ${consentRequests(this.consents, (consentId, approve) => this.answerConsent(consentId, approve))}
      ${this.client ? html`<sms-requests .sms=${this.client.sms}></sms-requests>` : nothing}
      ${consentAnswerNote(this.consentAnswer)}
      ${voicemailBanners(this.alerts, () => this.client?.voicemail.dismissAll())} ${noticeList(this.notices)}
      ${p.status === 'ready' ? this.renderAddTv() : nothing}
      ${p.status === 'ready' && this.client ? phoneInbox(this.messages, this.sync, this.client.voicemail) : nothing}
      ${this.client ? html`<phone-texts .sms=${this.client.sms}></phone-texts>` : nothing}
    `;
  }

  private renderAddTv() {
    if (!this.addingTv) {
      return html`<div class="add-tv">
        <button @click=${() => (this.addingTv = true)}>Add a TV</button>
      </div>`;
    }
    return html`<section class="adding-tv" aria-labelledby="add-tv-heading">
      <h2 id="add-tv-heading" tabindex="-1">Add a TV</h2>
      <enroll-device .approver=${this.approver}></enroll-device>
      <button @click=${() => (this.addingTv = false)}>Close</button>
    </section>`;
  }

  private answerConsent(consentId: string, approve: boolean): void {
    this.client?.consents.answer(consentId, approve).catch((error: Error) => {
      this.pairing = { status: 'error', message: `The answer did not go through: ${error.message}` };
    });
  }

  /**
   * Which phone this page is, and how it gets on: a phone that signed in here uses its saved token; a demo
   * household's phone pairs through the demo route; any other phone (or a removed one) asks to sign in.
   */
  private async load(): Promise<void> {
    // The demo route lists the demo household alone, and answers nothing when the demo is off.
    this.phones = await listDemoDevices(this.apiUrl)
      .then((devices) => devices.filter((d) => d.kind === 'phone'))
      .catch(() => []);
    const wanted = this.deviceId ?? localStorage.getItem(LAST_PHONE_KEY);
    const profile = wanted ? savedProfile(wanted) : null;
    const demo = this.phones.find((d) => d.id === wanted);
    if (profile && savedToken(profile.id) !== null) {
      await this.connect(profile, 'enrolled');
    } else if (profile?.removed) {
      this.askToSignIn('removed', profile.phoneNumber);
    } else if (demo) {
      await this.connect(demo, 'demo');
    } else if (!this.deviceId && this.phones[0]) {
      await this.connect(this.phones[0], 'demo');
    } else {
      this.askToSignIn('new', profile?.phoneNumber ?? null);
    }
  }

  /** Another phone from the header's list: one this page signed in as, or a demo household's. */
  private switchTo(deviceId: string): void {
    const profile = savedProfile(deviceId);
    if (profile && savedToken(deviceId) !== null) {
      void this.connect(profile, 'enrolled');
      return;
    }
    // A removed phone comes back only by signing in, never through the demo route.
    if (profile?.removed) {
      this.generation++;
      this.teardown();
      this.askToSignIn('removed', profile.phoneNumber);
      return;
    }
    const demo = this.phones.find((d) => d.id === deviceId);
    if (demo) void this.connect(demo, 'demo');
  }

  /** Becomes `phone`: its saved token if it has one, else (a demo phone) a fresh pairing; then the channel and the inbox. */
  private async connect(phone: DeviceSummary, source: Source, forcePair = false): Promise<void> {
    const generation = ++this.generation;
    this.teardown();
    this.pairing = { status: 'loading' };
    const deviceId = phone.id;
    try {
      let token = forcePair ? null : savedToken(deviceId);
      const saved = token !== null;
      if (token === null) {
        if (source === 'enrolled') {
          this.askToSignIn('expired', phone.phoneNumber);
          return;
        }
        token = await this.pair(deviceId);
      }
      const client = await createPhoneClient({
        credentials: { deviceId, token },
        apiUrl: this.apiUrl,
        pushUrl: this.pushUrl,
        dbName: this.dbName(deviceId),
        sim: savedSim(deviceId),
        now: this.now,
      });
      if (generation !== this.generation) {
        client.dispose();
        return;
      }
      this.client = client;
      this.approver = householdApprover(this.apiUrl, token);
      this.pairing = { status: 'ready', phone };
      if (!this.phones.some((d) => d.id === deviceId)) this.phones = [...this.phones, phone];
      this.streams.follow(() => [
        client.push.state$.subscribe((state) => {
          this.connection = state;
          if (state === 'revoked') void this.onRemoved(phone, generation);
          else if (state === 'unauthorized') this.onTokenUnknown(phone, source, saved, generation);
        }),
        client.inbox.messages$.subscribe((messages) => (this.messages = messages)),
        client.inbox.sync$.subscribe((sync) => (this.sync = sync)),
        client.voicemail.alerts$.subscribe((alerts) => (this.alerts = alerts)),
        client.voicemail.notices$.subscribe((notices) => (this.notices = notices)),
        client.consents.pending$.subscribe((consents) => (this.consents = consents)),
        client.consents.answered$.subscribe((answer) => (this.consentAnswer = answer)),
      ]);
    } catch (error) {
      if (generation === this.generation) {
        this.pairing = { status: 'error', message: `Pairing failed: ${(error as Error).message}` };
      }
    }
  }

  /**
   * The gateway does not know the token (AUTH_INVALID_TOKEN): a demo phone's saved token after the server's data
   * was reset is paired again, once; a signed-in phone's sign-in has expired, so it asks again.
   */
  private onTokenUnknown(phone: DeviceSummary, source: Source, saved: boolean, generation: number): void {
    if (generation !== this.generation) return;
    if (source === 'demo') {
      if (saved) void this.connect(phone, 'demo', true);
      return;
    }
    this.generation++;
    this.teardown();
    forgetToken(phone.id);
    this.askToSignIn('expired', phone.phoneNumber);
  }

  /**
   * The household removed this phone (AUTH_REVOKED, close code 4403): it forgets its token, SIM and saved inbox, and
   * asks to sign in. Never paired again through the demo route: that would undo the removal.
   */
  private async onRemoved(phone: DeviceSummary, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.generation++;
    this.teardown();
    forgetToken(phone.id);
    saveProfile({ ...phone, removed: true });
    this.askToSignIn('removed', phone.phoneNumber);
    await deletePhoneDb(this.dbName(phone.id));
  }

  /** Signed in: keep the token, the SIM and who it is, then go on the channel as that phone. */
  private onEnrolled = (e: CustomEvent<PhoneEnrolledPayload>) => {
    const { grant, phoneNumber } = e.detail;
    saveCredentials(grant.deviceId, grant.token, grant.sim);
    const profile: SavedProfile = {
      id: grant.deviceId,
      kind: grant.kind,
      name: grant.name,
      phoneNumber,
      room: grant.room,
    };
    saveProfile(profile);
    localStorage.setItem(LAST_PHONE_KEY, grant.deviceId);
    if (this.deviceId && this.deviceId !== grant.deviceId) {
      // The line decides which phone this is: a reload opens that one.
      this.deviceId = grant.deviceId;
      const url = new URL(window.location.href);
      if (url.searchParams.has('device')) {
        url.searchParams.set('device', grant.deviceId);
        window.history.replaceState(window.history.state, '', url);
      }
    }
    void this.connect(profile, 'enrolled');
  };

  private askToSignIn(reason: SignInReason, phoneNumber: string | null): void {
    this.pairing = { status: 'sign-in', reason, phoneNumber: phoneNumber ?? '' };
  }

  private dbName(deviceId: string): string {
    return this.storageName ?? phoneDbName(deviceId);
  }

  private async pair(deviceId: string): Promise<string> {
    const { token, sim } = await pairDemoDevice(deviceId, this.apiUrl);
    saveCredentials(deviceId, token, sim);
    return token;
  }

  private teardown(): void {
    this.streams.follow(null);
    this.client?.dispose();
    this.client = null;
    this.approver = null;
    this.addingTv = false;
    this.connection = 'idle';
    this.messages = [];
    this.alerts = [];
    this.notices = [];
    this.consents = [];
    this.consentAnswer = null;
  }
}

customElements.define('phone-app', PhoneApp);

declare global {
  interface HTMLElementTagNameMap {
    'phone-app': PhoneApp;
  }
}
