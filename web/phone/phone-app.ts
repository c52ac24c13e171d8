import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Subscription } from 'rxjs';
import { formatPhoneNumber, type Consent, type DeviceSummary } from '../../protocol/index.ts';
import type { PushState } from '../../app/net/push-client.ts';
import type { InboxSync } from '../../app/features/inbox/inbox-store.ts';
import type { InboxMessage } from '../../app/storage/db.ts';
import { callerLabel } from '../../app/core/format.ts';
import { listDemoDevices, pairDemoDevice } from '../demo-household.ts';
import { createPhoneClient, type PhoneClient } from './phone-client.ts';
import type { PhoneAlert, PhoneNotice } from './phone-voicemail.ts';
import type { Sim } from './sms-network.ts';
import './voicemail-item.ts';
import './phone-texts.ts';

type Pairing =
  { status: 'loading' } | { status: 'ready'; phone: DeviceSummary } | { status: 'error'; message: string };

const CONNECTION_TEXT: Record<PushState, string> = {
  idle: 'Starting…',
  connecting: 'Connecting…',
  online: 'Connected',
  waiting: 'Offline — retrying',
  paused: 'Paused',
  unauthorized: 'This phone is no longer paired',
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
 * The household's phone, as a page: a device on the push channel like any other, showing its voicemail alerts
 * and its inbox (new and heard), playing and deleting messages. What the TV does to a message shows here, and
 * the other way round. In the demo household it pairs itself through `/api/demo/pair`; `?device=` picks which
 * phone it is.
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
  private client: PhoneClient | null = null;
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
          <span class=${this.connection === 'online' ? 'online' : ''} data-connection=${this.connection}
            >${CONNECTION_TEXT[this.connection]}</span
          >
          ${
            this.phones.length > 1
              ? html`<select
                  aria-label="Which phone this page is"
                  @change=${(e: Event) => void this.connect((e.target as HTMLSelectElement).value)}
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
      <h2>
        <span>Voicemail</span>
        <span>${this.syncText()}</span>
      </h2>
      ${this.renderInbox()}
      ${this.client ? html`<phone-texts .sms=${this.client.sms}></phone-texts>` : nothing}
    `;
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

  private async load(): Promise<void> {
    try {
      this.phones = (await listDemoDevices(this.apiUrl)).filter((d) => d.kind === 'phone');
      // A phone no joint account has yet (someone asked to link it): pairing it makes it known, then it is listed.
      if (this.deviceId && !this.phones.some((d) => d.id === this.deviceId)) {
        await this.pair(this.deviceId).catch(() => undefined);
        this.phones = (await listDemoDevices(this.apiUrl)).filter((d) => d.kind === 'phone');
      }
      const phone = this.phones.find((d) => d.id === this.deviceId) ?? this.phones[0];
      if (!phone) throw new Error('the household has no phone');
      await this.connect(phone.id);
    } catch (error) {
      this.pairing = {
        status: 'error',
        message: `Cannot load the household's phones: ${(error as Error).message}`,
      };
    }
  }

  /** Becomes `deviceId`: its saved token if it has one, else a fresh pairing; then the channel and the inbox. */
  private async connect(deviceId: string, forcePair = false): Promise<void> {
    const generation = ++this.generation;
    this.teardown();
    this.pairing = { status: 'loading' };
    const phone = this.phones.find((d) => d.id === deviceId);
    if (!phone) {
      this.pairing = { status: 'error', message: 'No such phone in the household' };
      return;
    }
    try {
      let token = forcePair ? null : localStorage.getItem(phoneCredentialsKey(deviceId));
      const paired = token !== null;
      token ??= await this.pair(deviceId);
      const client = await createPhoneClient({
        credentials: { deviceId, token },
        apiUrl: this.apiUrl,
        pushUrl: this.pushUrl,
        dbName: this.storageName ?? `couchline-phone-${deviceId}`,
        sim: savedSim(deviceId),
      });
      if (generation !== this.generation) {
        client.dispose();
        return;
      }
      this.client = client;
      this.pairing = { status: 'ready', phone };
      this.subscriptions = [
        client.push.state$.subscribe((state) => {
          this.connection = state;
          // A saved token the server no longer knows (its database was reset): pair again, once.
          if (state === 'unauthorized' && paired) void this.connect(deviceId, true);
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
    this.connection = 'idle';
    this.messages = [];
    this.alerts = [];
    this.notices = [];
    this.consents = [];
    this.consentAnswer = null;
  }
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
