import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  formatPhoneNumber,
  type ContentType,
  type OfferedDevice,
  type PolicyConfig,
  type PrivacyLevel,
  openRelationship,
  type Relationship,
  type Suspension,
  type TimeWindow,
} from '../../protocol/index.ts';
import { CONTENT_LABELS, DAY_NAMES, PRIVACY_LABELS } from './wording.ts';

const CONTENT_TYPES: ContentType[] = ['voicemail', 'callerid', 'sms'];
const PRIVACY_LEVELS: PrivacyLevel[] = ['name-and-number', 'number-only', 'private'];

/** A rule as typed: caller lists are text until the configuration is read (one number per line). */
interface DraftRule extends Omit<Relationship, 'blockedCallers' | 'allowOnlyCallers'> {
  blockedText: string;
  allowOnly: boolean;
  allowText: string;
}

interface DraftPrivacy {
  level: PrivacyLevel;
  privateText: string;
}

/** A fresh rule: the first phone's voicemail to the first TV, at any time. */
export function firstRule(devices: readonly OfferedDevice[], id = 'rule-1'): Relationship {
  return openRelationship(
    id,
    devices.find((d) => d.kind === 'phone')?.id ?? '',
    devices.find((d) => d.kind === 'stb')?.id ?? '',
  );
}

/**
 * Edits a household's routing rules: rules from a phone to a TV with the kinds of content, weekly time windows,
 * suspensions (dates, or a programme on a channel), blocked and allow-only callers, a stop switch; how much each
 * TV shows; the time zone; caller ID on TV. Plain form controls throughout, so it works with the keyboard alone
 * and at phone width. `config` reads the rules as typed (caller lists split into numbers); the page validates and
 * sends them, and hands back an error with the field it is about (`showError`), shown next to that field.
 */
export class RulesEditor extends LitElement {
  static override properties = {
    devices: { attribute: false },
    rules: { state: true },
    privacy: { state: true },
    timeZone: { state: true },
    callerIdOnTv: { state: true },
    error: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    fieldset {
      border: 1px solid #d0d5de;
      border-radius: 12px;
      padding: 12px 14px;
      margin: 0 0 14px;
      min-width: 0;
    }
    fieldset.stopped {
      background: #f4f5f7;
    }
    legend {
      font-weight: 600;
      padding: 0 6px;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      margin: 4px 12px 4px 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      margin: 6px 0;
    }
    .sub {
      border-top: 1px solid #e6e9ef;
      margin-top: 10px;
      padding-top: 8px;
    }
    .sub h4 {
      margin: 0 0 4px;
      font-size: 14px;
      color: #444c5c;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 6px 0;
    }
    .days label {
      margin-right: 4px;
    }
    input,
    select,
    textarea,
    button {
      font: inherit;
      max-width: 100%;
    }
    input[type='text'],
    input[type='date'],
    input[type='time'],
    select {
      padding: 4px 6px;
    }
    textarea {
      width: 100%;
      box-sizing: border-box;
      min-height: 3.2em;
    }
    button {
      padding: 4px 12px;
      border-radius: 14px;
      border: 1px solid #8a93a6;
      background: #fff;
      cursor: pointer;
    }
    button.add {
      border-color: #1f6feb;
      color: #1f6feb;
    }
    .hint {
      color: #5b6475;
      font-size: 14px;
      margin: 2px 0;
    }
    .field-error {
      color: #b3261e;
      font-weight: 600;
      margin: 4px 0;
    }
    [aria-invalid='true'] {
      outline: 2px solid #b3261e;
      outline-offset: 2px;
    }
    :focus-visible {
      outline: 3px solid #1f6feb;
      outline-offset: 2px;
    }
  `;

  declare devices: OfferedDevice[];
  declare rules: DraftRule[];
  declare privacy: Record<string, DraftPrivacy>;
  declare timeZone: string;
  declare callerIdOnTv: boolean;
  declare error: { field: string; message: string } | null;
  private nextRuleId = 1;

  constructor() {
    super();
    this.devices = [];
    this.rules = [];
    this.privacy = {};
    this.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.callerIdOnTv = false;
    this.error = null;
  }

  /** Starts editing a configuration (a new one, or the joint account's current one). */
  load(config: PolicyConfig): void {
    this.timeZone = config.timeZone;
    this.callerIdOnTv = config.callerIdOnTv;
    this.rules = config.relationships.map((r) => ({
      ...r,
      blockedText: r.blockedCallers.map(formatPhoneNumber).join('\n'),
      allowOnly: r.allowOnlyCallers !== null,
      allowText: (r.allowOnlyCallers ?? []).map(formatPhoneNumber).join('\n'),
    }));
    this.privacy = Object.fromEntries(
      Object.entries(config.privacy).map(([id, p]) => [
        id,
        { level: p.level, privateText: p.privateCallers.map(formatPhoneNumber).join('\n') },
      ]),
    );
    this.nextRuleId = config.relationships.length + 1;
    this.error = null;
  }

  /** The configuration as typed, not yet validated (the page validates it with protocol/'s schema). */
  get config(): PolicyConfig {
    const privacy: PolicyConfig['privacy'] = {};
    for (const [id, p] of Object.entries(this.privacy)) {
      if (p.level === 'name-and-number' && !p.privateText.trim()) continue;
      privacy[id] = { level: p.level, privateCallers: numbers(p.privateText) };
    }
    return {
      timeZone: this.timeZone,
      callerIdOnTv: this.callerIdOnTv,
      relationships: this.rules.map(({ blockedText, allowOnly, allowText, ...rule }) => ({
        ...rule,
        blockedCallers: numbers(blockedText),
        allowOnlyCallers: allowOnly ? numbers(allowText) : null,
      })),
      privacy,
    };
  }

  /** Shows `message` next to the field `field` names (or the nearest part of the form that holds it), and focuses it. */
  showError(field: string, message: string): void {
    this.error = { field: this.anchorFor(field), message };
  }

  clearError(): void {
    this.error = null;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('error') && this.error) {
      const target = this.renderRoot.querySelector<HTMLElement>(`[data-field="${this.error.field}"]`);
      target?.focus();
    }
  }

  override render() {
    const phones = this.devices.filter((d) => d.kind === 'phone');
    const screens = this.devices.filter((d) => d.kind === 'stb');
    return html`
      <fieldset>
        <legend>Household</legend>
        <div class="row">
          <label
            >Time zone
            <input
              type="text"
              list="zones"
              .value=${this.timeZone}
              data-field="config.timeZone"
              aria-invalid=${this.invalid('config.timeZone')}
              @change=${(e: Event) => (this.timeZone = (e.target as HTMLInputElement).value.trim())}
          /></label>
          <datalist id="zones">${timeZones().map((z) => html`<option value=${z}></option>`)}</datalist>
        </div>
        ${this.errorAt('config.timeZone')}
        <label
          ><input
            type="checkbox"
            .checked=${this.callerIdOnTv}
            data-field="config.callerIdOnTv"
            @change=${(e: Event) => (this.callerIdOnTv = (e.target as HTMLInputElement).checked)}
          />Show who is calling on the TVs (caller ID)</label
        >
        <p class="hint">
          Off until you turn it on; each rule below still chooses whether its TV gets caller ID.
        </p>
      </fieldset>
      ${this.rules.map((rule, i) => this.renderRule(rule, i, phones, screens))}
      <p>
        <button class="add" data-field="config.relationships" @click=${this.addRule}>Add a rule</button>
      </p>
      ${this.errorAt('config.relationships')}
      ${
        screens.length
          ? html`<fieldset>
              <legend>What each TV shows of who called</legend>
              ${screens.map((s) => this.renderPrivacy(s))}
            </fieldset>`
          : nothing
      }
    `;
  }

  private renderRule(rule: DraftRule, i: number, phones: OfferedDevice[], screens: OfferedDevice[]) {
    const at = `config.relationships.${i}`;
    const update = (change: Partial<DraftRule>) => {
      this.rules = this.rules.map((r, j) => (j === i ? { ...r, ...change } : r));
    };
    const phone = this.devices.find((d) => d.id === rule.sourceDeviceId);
    const screen = this.devices.find((d) => d.id === rule.targetDeviceId);
    return html`<fieldset class=${rule.stopped ? 'stopped' : ''} data-field=${at} tabindex="-1">
      <legend>
        Rule ${i + 1}: ${phone?.name ?? 'a phone'} →
        ${screen?.name ?? 'a TV'}${rule.stopped ? ' (stopped)' : ''}
      </legend>
      ${this.errorAt(at)}
      <div class="row">
        <label
          >From
          <select
            data-field="${at}.sourceDeviceId"
            aria-invalid=${this.invalid(`${at}.sourceDeviceId`)}
            @change=${(e: Event) => update({ sourceDeviceId: (e.target as HTMLSelectElement).value })}
          >
            ${phones.map(
              (p) =>
                html`<option value=${p.id} ?selected=${p.id === rule.sourceDeviceId}>
                  ${p.name} (${formatPhoneNumber(p.phoneNumber ?? '')})
                </option>`,
            )}
          </select></label
        >
        <label
          >to
          <select
            data-field="${at}.targetDeviceId"
            aria-invalid=${this.invalid(`${at}.targetDeviceId`)}
            @change=${(e: Event) => update({ targetDeviceId: (e.target as HTMLSelectElement).value })}
          >
            ${screens.map(
              (s) => html`<option value=${s.id} ?selected=${s.id === rule.targetDeviceId}>${s.name}</option>`,
            )}
          </select></label
        >
      </div>
      ${this.errorAt(`${at}.sourceDeviceId`)} ${this.errorAt(`${at}.targetDeviceId`)}
      <div
        class="row"
        role="group"
        aria-label="What this TV gets"
        data-field="${at}.contentTypes"
        tabindex="-1"
      >
        ${CONTENT_TYPES.map(
          (type) =>
            html`<label
              ><input
                type="checkbox"
                .checked=${rule.contentTypes.includes(type)}
                @change=${(e: Event) =>
                  update({
                    contentTypes: (e.target as HTMLInputElement).checked
                      ? CONTENT_TYPES.filter((t) => t === type || rule.contentTypes.includes(t))
                      : rule.contentTypes.filter((t) => t !== type),
                  })}
              />${CONTENT_LABELS[type]}</label
            >`,
        )}
      </div>
      ${this.errorAt(`${at}.contentTypes`)}
      <div class="sub">
        <h4>When</h4>
        ${rule.windows.length === 0 ? html`<p class="hint">At any time.</p>` : nothing}
        ${rule.windows.map((w, j) =>
          this.renderWindow(w, `${at}.windows.${j}`, (next) => {
            update({
              windows:
                next === null
                  ? rule.windows.filter((_, k) => k !== j)
                  : rule.windows.map((x, k) => (k === j ? next : x)),
            });
          }),
        )}
        <button
          class="add"
          data-field="${at}.windows"
          @click=${() => update({ windows: [...rule.windows, { days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }] })}
        >
          Add a time window
        </button>
        ${this.errorAt(`${at}.windows`)}
      </div>
      <div class="sub">
        <h4>Not during</h4>
        ${rule.suspensions.map((s, j) =>
          this.renderSuspension(s, `${at}.suspensions.${j}`, (next) => {
            update({
              suspensions:
                next === null
                  ? rule.suspensions.filter((_, k) => k !== j)
                  : rule.suspensions.map((x, k) => (k === j ? next : x)),
            });
          }),
        )}
        <button
          class="add"
          @click=${() => update({ suspensions: [...rule.suspensions, { kind: 'dates', from: today(), to: today(7) }] })}
        >
          Add dates
        </button>
        <button
          class="add"
          @click=${() =>
            update({
              suspensions: [
                ...rule.suspensions,
                { kind: 'programme', channel: '4', title: 'The Evening News' },
              ],
            })}
        >
          Add a programme
        </button>
      </div>
      <div class="sub">
        <h4>Callers</h4>
        <label for="blocked-${i}">Never from these numbers (one per line)</label>
        <textarea
          id="blocked-${i}"
          data-field="${at}.blockedCallers"
          aria-invalid=${this.invalid(`${at}.blockedCallers`)}
          .value=${rule.blockedText}
          @change=${(e: Event) => update({ blockedText: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        ${this.errorAt(`${at}.blockedCallers`)}
        <label
          ><input
            type="checkbox"
            .checked=${rule.allowOnly}
            @change=${(e: Event) => update({ allowOnly: (e.target as HTMLInputElement).checked })}
          />Only from these numbers</label
        >
        ${
          rule.allowOnly
            ? html`<textarea
                aria-label="Only from these numbers (one per line)"
                data-field="${at}.allowOnlyCallers"
                aria-invalid=${this.invalid(`${at}.allowOnlyCallers`)}
                .value=${rule.allowText}
                @change=${(e: Event) => update({ allowText: (e.target as HTMLTextAreaElement).value })}
              ></textarea>`
            : nothing
        }
        ${this.errorAt(`${at}.allowOnlyCallers`)}
      </div>
      <div class="row sub">
        <button @click=${() => update({ stopped: !rule.stopped })}>
          ${rule.stopped ? 'Restart this rule' : 'Stop this rule'}
        </button>
        <button @click=${() => (this.rules = this.rules.filter((_, j) => j !== i))}>Remove this rule</button>
      </div>
    </fieldset>`;
  }

  private renderWindow(w: TimeWindow, at: string, set: (next: TimeWindow | null) => void) {
    return html`<div class="item" data-field=${at} tabindex="-1" aria-invalid=${this.invalid(at)}>
        <span class="days" role="group" aria-label="Days">
          ${DAY_NAMES.map(
            (name, d) =>
              html`<label
                ><input
                  type="checkbox"
                  .checked=${w.days.includes(d + 1)}
                  @change=${(e: Event) =>
                    set({
                      ...w,
                      days: (e.target as HTMLInputElement).checked
                        ? [...w.days, d + 1].sort((a, b) => a - b)
                        : w.days.filter((x) => x !== d + 1),
                    })}
                />${name}</label
              >`,
          )}
        </span>
        <label
          >from
          <input
            type="time"
            .value=${w.start}
            @change=${(e: Event) => set({ ...w, start: (e.target as HTMLInputElement).value })}
        /></label>
        <label
          >to
          <input
            type="time"
            .value=${w.end === '24:00' ? '23:59' : w.end}
            @change=${(e: Event) => set({ ...w, end: (e.target as HTMLInputElement).value })}
        /></label>
        <button @click=${() => set(null)} aria-label="Remove this time window">Remove</button>
      </div>
      ${this.errorAt(at)}`;
  }

  private renderSuspension(s: Suspension, at: string, set: (next: Suspension | null) => void) {
    const fields =
      s.kind === 'dates'
        ? html`<label
              >From
              <input
                type="date"
                .value=${s.from}
                @change=${(e: Event) => set({ ...s, from: (e.target as HTMLInputElement).value })}
            /></label>
            <label
              >to
              <input
                type="date"
                .value=${s.to}
                @change=${(e: Event) => set({ ...s, to: (e.target as HTMLInputElement).value })}
            /></label>`
        : html`<label
              >Programme
              <input
                type="text"
                .value=${s.title}
                @change=${(e: Event) => set({ ...s, title: (e.target as HTMLInputElement).value })}
            /></label>
            <label
              >on channel
              <input
                type="text"
                size="4"
                .value=${s.channel}
                @change=${(e: Event) => set({ ...s, channel: (e.target as HTMLInputElement).value })}
            /></label>`;
    return html`<div class="item" data-field=${at} tabindex="-1" aria-invalid=${this.invalid(at)}>
        ${fields}
        <button @click=${() => set(null)} aria-label="Remove this suspension">Remove</button>
      </div>
      ${this.errorAt(at)}`;
  }

  private renderPrivacy(screen: OfferedDevice) {
    const at = `config.privacy.${screen.id}`;
    const current = this.privacy[screen.id] ?? { level: 'name-and-number', privateText: '' };
    const set = (change: Partial<DraftPrivacy>) =>
      (this.privacy = { ...this.privacy, [screen.id]: { ...current, ...change } });
    return html`<div class="item" data-field=${at} tabindex="-1">
        <label
          >${screen.name}
          <select
            @change=${(e: Event) => set({ level: (e.target as HTMLSelectElement).value as PrivacyLevel })}
          >
            ${PRIVACY_LEVELS.map((l) => html`<option value=${l} ?selected=${l === current.level}>${PRIVACY_LABELS[l]}</option>`)}
          </select></label
        >
        <label for="private-${screen.id}">Always private for these numbers</label>
        <textarea
          id="private-${screen.id}"
          data-field="${at}.privateCallers"
          .value=${current.privateText}
          @change=${(e: Event) => set({ privateText: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </div>
      ${this.errorAt(at)} ${this.errorAt(`${at}.privateCallers`)}`;
  }

  private addRule = () => {
    const rule = firstRule(this.devices, `rule-${++this.nextRuleId}-${Date.now().toString(36)}`);
    this.rules = [...this.rules, { ...rule, blockedText: '', allowOnly: false, allowText: '' }];
  };

  private errorAt(field: string) {
    return this.error?.field === field
      ? html`<p class="field-error" role="alert">${this.error.message}</p>`
      : nothing;
  }

  private invalid(field: string): 'true' | 'false' {
    return this.error?.field === field ? 'true' : 'false';
  }

  /** The most specific part of the form that exists for a field path ("…windows.1.end" → "…windows.1"). */
  private anchorFor(field: string): string {
    const parts = field.split('.');
    while (parts.length > 1) {
      const candidate = parts.join('.');
      if (this.renderRoot.querySelector(`[data-field="${candidate}"]`)) return candidate;
      parts.pop();
    }
    return 'config.relationships';
  }
}
customElements.define('rules-editor', RulesEditor);

declare global {
  interface HTMLElementTagNameMap {
    'rules-editor': RulesEditor;
  }
}

function numbers(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return (
    intl.supportedValuesOf?.('timeZone') ?? [
      'America/Denver',
      'America/New_York',
      'America/Los_Angeles',
      'Europe/London',
    ]
  );
}

/** YYYY-MM-DD, `days` from today, on this computer's calendar. */
function today(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
