import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Subscription } from 'rxjs';
import { formatPhoneNumber, type Consent, type DeviceSummary } from '../../protocol/index.ts';
import type { PushState } from '../../client/net/push-client.ts';
import type { InboxSync } from '../../client/inbox/inbox-store.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import { callerLabel } from '../../client/wording.ts';
import { listDemoDevices, pairDemoDevice } from '../demo-household.ts';
import type { EnrollmentApprover } from '../account/enroll-device.ts';
import { createPhoneClient, type PhoneClient } from './phone-client.ts';
import { phoneDbName } from './phone-db.ts';
import { householdApprover } from './phone-enrollment.ts';
import type { PhoneEnrolledPayload, SignInReason } from './phone-sign-in.ts';
import type { PhoneAlert, PhoneNotice } from './phone-voicemail.ts';
import type { Sim } from './sms-network.ts';
import '../account/enroll-device.ts';
import './phone-sign-in.ts';
import './voicemail-item.ts';
import './phone-texts.ts';

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

const CONNECTION_TEXT: Record<PushState, string> = {
  idle: 'Starting…',
  connecting: 'Connecting…',
  online: 'Connected',
  waiting: 'Offline — retrying',
  paused: 'Paused',
  unauthorized: 'This phone is no longer paired',
  revoked: 'Removed from the household',
  replaced: 'Opened in another window',
  stopped: 'Stopped',
};

/** Where this page keeps each phone's device token (its own key: the TV app's are the emulator's business). */
export function phoneCredentialsKey(deviceId: string): string {
  return `couchline.phone.credentials.${deviceId}`;
}

/** Where this page keeps each phone's SIM (the SMS network's address and the line's key). */
export function phoneSimKey(deviceId: string): string {
  return `couchline.phone.sim.${deviceId}`;
}

/**
 * Where this page keeps who a phone is once it signed in (or was removed): its name and number, for the header and
 * to pre-fill the sign-in. `removed` is set when its household removed it.
 */
export function phoneProfileKey(deviceId: string): string {
  return `couchline.phone.profile.${deviceId}`;
}

/** The phone that last signed in on this page: opened without `?device=`, the page is that phone again. */
export const LAST_PHONE_KEY = 'couchline.phone.last';

type SavedProfile = DeviceSummary & { removed?: boolean };

/**
 * The household's phone, as a page: a device on the push channel like any other, showing its voicemail alerts
 * and its inbox (new and heard), playing and deleting messages. What the TV does to a message shows here, and
 * the other way round. `?device=` says which phone it is. A phone of the demo household pairs itself through
 * `/api/demo/pair`; any other signs in to its line's wireless account (`POST /api/enroll/phone`). A phone its
 * household removed forgets its token and asks to sign in again; it is never paired again behind the person's
 * back. From the phone, a new TV of the household can be approved by its code ("Add a TV").
 */
export class PhoneApp extends LitElement {
  static override properties = {
    apiUrl: { attribute: 'api-url' },
    pushUrl: { attribute: 'push-url' },
    deviceId: { attribute: 'device' },
    storageName: { attribute: false },
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

  static override styles = css`
    :host {
      display: block;
      max-width: 420px;
      margin: 24px auto;
      border-radius: 28px;
      background: #fff;
      color: #1c2230;
      box-shadow: 0 20px 60px #0006;
      overflow: hidden;
      font:
        16px system-ui,
        sans-serif;
    }
    header {
      background: #1c2230;
      color: #fff;
      padding: 18px 16px 12px;
    }
    h1 {
      font-size: 18px;
      margin: 0;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 12px;
      font-size: 13px;
      color: #c4cad6;
      margin-top: 6px;
      flex-wrap: wrap;
    }
    .status .online::before {
      content: '● ';
      color: #3fb950;
    }
    select {
      margin-left: auto;
      font: inherit;
      font-size: 13px;
      border-radius: 6px;
      padding: 2px 4px;
    }
    .banner {
      margin: 10px 12px 0;
      padding: 12px 14px;
      border-radius: 14px;
      background: #eaf2ff;
      display: flex;
      gap: 10px;
      align-items: center;
    }
    .banner .text {
      flex: 1;
      overflow-wrap: anywhere;
    }
    .number {
      white-space: nowrap;
    }
    .banner button {
      font: inherit;
      font-size: 14px;
      border: 0;
      background: none;
      color: #1f6feb;
      cursor: pointer;
    }
    .notices {
      list-style: none;
      margin: 10px 12px 0;
      padding: 0;
    }
    .notices li {
      padding: 8px 12px;
      border-radius: 10px;
      background: #f1f8f2;
      color: #1d5c2a;
      font-size: 14px;
      margin-bottom: 6px;
      overflow-wrap: anywhere;
    }
    h2 {
      font-size: 15px;
      color: #5b6475;
      margin: 16px 16px 4px;
      display: flex;
      justify-content: space-between;
    }
    .empty,
    .error {
      padding: 16px;
      color: #5b6475;
    }
    .error {
      color: #b3261e;
    }
    .consent {
      margin: 10px 12px 0;
      padding: 12px 14px;
      border-radius: 14px;
      background: #fff4e0;
      overflow-wrap: anywhere;
    }
    .consent p {
      margin: 0 0 10px;
    }
    .consent .actions {
      display: flex;
      gap: 10px;
    }
    .consent button {
      font: inherit;
      font-size: 15px;
      padding: 8px 16px;
      border-radius: 18px;
      border: 1px solid #1f6feb;
      background: #fff;
      color: #1f6feb;
      cursor: pointer;
    }
    .consent button:first-child {
      background: #1f6feb;
      color: #fff;
    }
    .add-tv {
      margin: 10px 12px 0;
      display: flex;
      justify-content: flex-end;
    }
    .add-tv button,
    .adding-tv > button {
      font: inherit;
      font-size: 14px;
      padding: 6px 14px;
      border-radius: 16px;
      border: 1px solid #1f6feb;
      background: #fff;
      color: #1f6feb;
      cursor: pointer;
    }
    .adding-tv {
      margin: 10px 12px 0;
      padding: 12px 14px;
      border-radius: 14px;
      border: 1px solid #d0d5de;
    }
    .adding-tv h2 {
      margin: 0 0 8px;
      color: #1c2230;
    }
    .adding-tv h2:focus {
      outline: none;
    }
    .adding-tv > button {
      margin-top: 10px;
    }
    .answer {
      margin: 10px 12px 0;
      padding: 8px 12px;
      border-radius: 10px;
      background: #f1f8f2;
      color: #1d5c2a;
      font-size: 14px;
    }
  `;

  declare apiUrl: string;
  declare pushUrl: string;
  declare deviceId: string | null;
  /** The IndexedDB database name; by default one per phone. */
  declare storageName: string | null;
  declare phones: DeviceSummary[];
  declare pairing: Pairing;
  declare connection: PushState;
  declare messages: InboxMessage[];
  declare sync: InboxSync;
  declare alerts: PhoneAlert[];
  declare notices: PhoneNotice[];
  declare consents: Consent[];
  declare consentAnswer: { requesterName: string; approved: boolean } | null;
  /** The "Add a TV" panel is open. */
  declare addingTv: boolean;
  private client: PhoneClient | null = null;
  /** This phone approving codes for its household (its device token); null until it is on. */
  private approver: EnrollmentApprover | null = null;
  private subscriptions: Subscription[] = [];
  /** Bumped on every (re)connect, so a slow older pairing never wires itself over a newer one. */
  private generation = 0;

  constructor() {
    super();
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.apiUrl = window.location.origin;
    this.pushUrl = `${scheme}//${window.location.host}/push`;
    this.deviceId = new URLSearchParams(window.location.search).get('device');
    this.storageName = null;
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
      <header>
        <h1>${p.status === 'ready' ? p.phone.name : 'Phone'}</h1>
        <div class="status">
          ${
            p.status === 'ready' && p.phone.phoneNumber
              ? html`<span>${formatPhoneNumber(p.phone.phoneNumber)}</span>`
              : nothing
          }
          ${
            p.status === 'sign-in'
              ? html`<span data-connection="signed-out">Not signed in</span>`
              : html`<span
                  class=${this.connection === 'online' ? 'online' : ''}
                  data-connection=${this.connection}
                  >${CONNECTION_TEXT[this.connection]}</span
                >`
          }
          ${
            this.phones.length > 1 && p.status === 'ready'
              ? html`<select
                  aria-label="Which phone this page is"
                  @change=${(e: Event) => this.switchTo((e.target as HTMLSelectElement).value)}
                >
                  ${this.phones.map(
                    (d) =>
                      html`<option value=${d.id} ?selected=${p.status === 'ready' && d.id === p.phone.id}>
                        ${d.name}
                      </option>`,
                  )}
                </select>`
              : nothing
          }
        </div>
      </header>
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
      ${p.status === 'ready' ? this.renderAddTv() : nothing}
      ${this.consents.map(
        (c) =>
          html`<section
            class="consent"
            role="alertdialog"
            aria-labelledby="consent-${c.id}"
            data-consent-id=${c.id}
          >
            <p id="consent-${c.id}">
              <strong>${c.requesterName}</strong> asks to link your line. ${c.purpose}
            </p>
            <div class="actions">
              <button @click=${() => this.answerConsent(c.id, true)}>Approve</button>
              <button @click=${() => this.answerConsent(c.id, false)}>Refuse</button>
            </div>
          </section>`,
      )}
      ${
        this.consentAnswer
          ? html`<p class="answer" role="status">
              ${
                this.consentAnswer.approved
                  ? `You approved ${this.consentAnswer.requesterName}'s request: your line can now be linked.`
                  : `You refused ${this.consentAnswer.requesterName}'s request: nothing was linked.`
              }
            </p>`
          : nothing
      }
      ${this.alerts.map(
        (a) =>
          html`<div class="banner" role="alert" data-message-id=${a.messageId}>
            <span class="text"
              >Voice mail from
              ${callerLabel(a)}${
                a.callerNumber && a.callerName.trim()
                  ? html` <span class="number">${formatPhoneNumber(a.callerNumber)}</span>`
                  : nothing
              }</span
            >
            <button @click=${() => this.client?.voicemail.dismissAlert(a.messageId)}>Dismiss</button>
          </div>`,
      )}
      ${
        this.notices.length > 0
          ? html`<ul class="notices" role="status">
              ${this.notices.map((n) => html`<li>${n.text}</li>`)}
            </ul>`
          : nothing
      }
      ${
        p.status === 'ready'
          ? html`<h2>
                <span>Voicemail</span>
                <span>${this.syncText()}</span>
              </h2>
              ${this.renderInbox()}`
          : nothing
      }
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

  private renderInbox() {
    if (this.pairing.status !== 'ready' || !this.client) return nothing;
    if (this.messages.length === 0) {
      return html`<p class="empty">${this.sync === 'syncing' ? 'Loading…' : 'No voicemail'}</p>`;
    }
    const voicemail = this.client.voicemail;
    // Keyed by id: a row keeps its own state (a PIN being typed, audio playing) while the list around it changes.
    return repeat(
      this.messages,
      (m) => m.id,
      (m) =>
        html`<voicemail-item .message=${m} .voicemail=${voicemail} data-message-id=${m.id}></voicemail-item>`,
    );
  }

  private answerConsent(consentId: string, approve: boolean): void {
    this.client?.consents.answer(consentId, approve).catch((error: Error) => {
      this.pairing = { status: 'error', message: `The answer did not go through: ${error.message}` };
    });
  }

  private syncText(): string {
    const fresh = this.messages.filter((m) => m.folder === 'new').length;
    if (this.sync === 'offline') return 'Saved copy — voicemail is not answering';
    return fresh > 0 ? `${fresh} new` : '';
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
    if (profile && localStorage.getItem(phoneCredentialsKey(profile.id)) !== null) {
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
    if (profile && localStorage.getItem(phoneCredentialsKey(deviceId)) !== null) {
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
      let token = forcePair ? null : localStorage.getItem(phoneCredentialsKey(deviceId));
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
      });
      if (generation !== this.generation) {
        client.dispose();
        return;
      }
      this.client = client;
      this.approver = householdApprover(this.apiUrl, token);
      this.pairing = { status: 'ready', phone };
      if (!this.phones.some((d) => d.id === deviceId)) this.phones = [...this.phones, phone];
      this.subscriptions = [
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
      ];
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
    const profile: SavedProfile = { ...phone, removed: true };
    localStorage.setItem(phoneProfileKey(phone.id), JSON.stringify(profile));
    this.askToSignIn('removed', phone.phoneNumber);
    await deleteDatabase(this.dbName(phone.id));
  }

  /** Signed in: keep the token, the SIM and who it is, then go on the channel as that phone. */
  private onEnrolled = (e: CustomEvent<PhoneEnrolledPayload>) => {
    const { grant, phoneNumber } = e.detail;
    localStorage.setItem(phoneCredentialsKey(grant.deviceId), grant.token);
    if (grant.sim) localStorage.setItem(phoneSimKey(grant.deviceId), JSON.stringify(grant.sim));
    else localStorage.removeItem(phoneSimKey(grant.deviceId));
    const profile: SavedProfile = {
      id: grant.deviceId,
      kind: grant.kind,
      name: grant.name,
      phoneNumber,
      room: grant.room,
    };
    localStorage.setItem(phoneProfileKey(grant.deviceId), JSON.stringify(profile));
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
    localStorage.setItem(phoneCredentialsKey(deviceId), token);
    if (sim) localStorage.setItem(phoneSimKey(deviceId), JSON.stringify(sim));
    else localStorage.removeItem(phoneSimKey(deviceId));
    return token;
  }

  private teardown(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
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
function savedProfile(deviceId: string): SavedProfile | null {
  try {
    const profile = JSON.parse(
      localStorage.getItem(phoneProfileKey(deviceId)) ?? 'null',
    ) as SavedProfile | null;
    return profile && profile.id === deviceId && typeof profile.name === 'string' ? profile : null;
  } catch {
    return null;
  }
}

/** The token and the SIM go; who the phone was stays, to pre-fill its sign-in. */
function forgetToken(deviceId: string): void {
  localStorage.removeItem(phoneCredentialsKey(deviceId));
  localStorage.removeItem(phoneSimKey(deviceId));
}

/** Drops a removed phone's saved inbox and cursor; best effort (another tab may hold it open). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function savedSim(deviceId: string): Sim | null {
  try {
    const sim = JSON.parse(localStorage.getItem(phoneSimKey(deviceId)) ?? 'null') as Sim | null;
    return sim && typeof sim.networkUrl === 'string' && typeof sim.key === 'string' ? sim : null;
  } catch {
    return null;
  }
}

customElements.define('phone-app', PhoneApp);

declare global {
  interface HTMLElementTagNameMap {
    'phone-app': PhoneApp;
  }
}
