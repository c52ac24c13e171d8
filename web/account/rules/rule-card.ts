import { LitElement, html, nothing } from 'lit';
import { formatPhoneNumber, type ContentType, type OfferedDevice } from '../../../protocol/index.ts';
import { CONTENT_LABELS } from '../wording.ts';
import type { DraftRule } from './draft-rules.ts';
import { errorAt, invalidAt, type FieldError } from './field-error.ts';
import { rulesStyles } from './rules-styles.ts';
import type { SuspensionChangedEvent } from './suspension-row.ts';
import type { WindowChangedEvent } from './time-window-row.ts';
import './suspension-row.ts';
import './time-window-row.ts';

const CONTENT_TYPES: ContentType[] = ['voicemail', 'callerid', 'sms'];

/** `rules:rule-changed`: the rule as changed, or null when the person removed it. */
export type RuleChangedEvent = CustomEvent<DraftRule | null>;
/** `rules:stop-chosen` (bubbles out of the editor): stop or restart a saved rule, at once. */
export type StopChosenEvent = CustomEvent<{ ruleId: string; stopped: boolean }>;

/**
 * One rule, from a phone to a TV: what the TV gets, its weekly time windows (rows of their own), when it is not
 * followed (dates or a programme), blocked and allow-only callers, Stop and Remove. Every change goes up as
 * `rules:rule-changed`; the editor holds the rules. Stop and Restart of a saved rule go up as `rules:stop-chosen`, for
 * the page to apply at once.
 */
export class RuleCard extends LitElement {
  static override properties = {
    rule: { attribute: false },
    index: { type: Number },
    devices: { attribute: false },
    saved: { type: Boolean },
    error: { attribute: false },
  };

  static override styles = rulesStyles;

  declare rule: DraftRule | null;
  /** Its place in the list, from 0: "Rule 1", and where its errors come back (`config.relationships.0`). */
  declare index: number;
  /** The phones and TVs it can be from and to. */
  declare devices: OfferedDevice[];
  /** The rule is saved (it can be stopped and restarted, at once); a new one is only removed until it is saved. */
  declare saved: boolean;
  declare error: FieldError | null;

  constructor() {
    super();
    this.rule = null;
    this.index = 0;
    this.devices = [];
    this.saved = false;
    this.error = null;
  }

  override render() {
    const rule = this.rule;
    if (!rule) return nothing;
    const i = this.index;
    const at = `config.relationships.${i}`;
    const phones = this.devices.filter((d) => d.kind === 'phone');
    const displays = this.devices.filter((d) => d.kind === 'stb');
    const phone = this.devices.find((d) => d.id === rule.sourceDeviceId);
    const display = this.devices.find((d) => d.id === rule.targetDeviceId);
    const error = (field: string) => errorAt(this.error, field);
    const invalid = (field: string) => invalidAt(this.error, field);
    return html`<fieldset class=${rule.stopped ? 'stopped' : ''} data-field=${at} tabindex="-1">
      <legend>
        Rule ${i + 1}: ${phone?.name ?? 'a phone'} →
        ${display?.name ?? 'a TV'}${rule.stopped ? ' (stopped)' : ''}
      </legend>
      ${error(at)}
      <div class="row">
        <label for="from-${i}">From</label>
        <select
          id="from-${i}"
          data-field="${at}.sourceDeviceId"
          aria-invalid=${invalid(`${at}.sourceDeviceId`)}
          @change=${(e: Event) => this.edit({ sourceDeviceId: (e.target as HTMLSelectElement).value })}
        >
          ${phones.map(
            (p) =>
              html`<option value=${p.id} ?selected=${p.id === rule.sourceDeviceId}>
                ${p.name} (${formatPhoneNumber(p.phoneNumber ?? '')})
              </option>`,
          )}
        </select>
        <label for="to-${i}">to</label>
        <select
          id="to-${i}"
          data-field="${at}.targetDeviceId"
          aria-invalid=${invalid(`${at}.targetDeviceId`)}
          @change=${(e: Event) => this.edit({ targetDeviceId: (e.target as HTMLSelectElement).value })}
        >
          ${displays.map(
            (s) => html`<option value=${s.id} ?selected=${s.id === rule.targetDeviceId}>${s.name}</option>`,
          )}
        </select>
      </div>
      ${error(`${at}.sourceDeviceId`)} ${error(`${at}.targetDeviceId`)}
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
                  this.edit({
                    contentTypes: (e.target as HTMLInputElement).checked
                      ? CONTENT_TYPES.filter((t) => t === type || rule.contentTypes.includes(t))
                      : rule.contentTypes.filter((t) => t !== type),
                  })}
              />${CONTENT_LABELS[type]}</label
            >`,
        )}
      </div>
      ${error(`${at}.contentTypes`)}
      <div class="sub">
        <h4>When</h4>
        ${rule.windows.length === 0 ? html`<p class="hint">At any time.</p>` : nothing}
        ${rule.windows.map(
          (w, j) =>
            html`<time-window-row
              .window=${w}
              field="${at}.windows.${j}"
              .error=${this.error}
              @rules:window-changed=${(e: WindowChangedEvent) =>
                this.edit({ windows: replaced(rule.windows, j, e.detail) })}
            ></time-window-row>`,
        )}
        <button
          class="add"
          data-field="${at}.windows"
          @click=${() => this.edit({ windows: [...rule.windows, { days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }] })}
        >
          Add a time window
        </button>
        ${error(`${at}.windows`)}
      </div>
      <div class="sub">
        <h4>Not during</h4>
        ${rule.suspensions.map(
          (s, j) =>
            html`<suspension-row
              .suspension=${s}
              field="${at}.suspensions.${j}"
              .error=${this.error}
              @rules:suspension-changed=${(e: SuspensionChangedEvent) =>
                this.edit({ suspensions: replaced(rule.suspensions, j, e.detail) })}
            ></suspension-row>`,
        )}
        <button
          class="add"
          @click=${() => this.edit({ suspensions: [...rule.suspensions, { kind: 'dates', from: today(), to: today(7) }] })}
        >
          Add dates
        </button>
        <button
          class="add"
          @click=${() =>
            this.edit({
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
          aria-invalid=${invalid(`${at}.blockedCallers`)}
          .value=${rule.blockedText}
          @change=${(e: Event) => this.edit({ blockedText: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
        ${error(`${at}.blockedCallers`)}
        <label
          ><input
            type="checkbox"
            .checked=${rule.allowOnly}
            @change=${(e: Event) => this.edit({ allowOnly: (e.target as HTMLInputElement).checked })}
          />Only from these numbers</label
        >
        ${
          rule.allowOnly
            ? html`<textarea
                aria-label="Only from these numbers (one per line)"
                data-field="${at}.allowOnlyCallers"
                aria-invalid=${invalid(`${at}.allowOnlyCallers`)}
                .value=${rule.allowText}
                @change=${(e: Event) => this.edit({ allowText: (e.target as HTMLTextAreaElement).value })}
              ></textarea>`
            : nothing
        }
        ${error(`${at}.allowOnlyCallers`)}
      </div>
      <div class="row sub">
        ${
          this.saved
            ? html`<button @click=${this.onStop}>
                ${rule.stopped ? 'Restart this rule' : 'Stop this rule'}
              </button>`
            : nothing
        }
        <button @click=${() => this.changed(null)}>Remove this rule</button>
      </div>
      ${this.saved ? html`<p class="hint">Stop and Restart apply at once.</p>` : nothing}
    </fieldset>`;
  }

  /** Applied at once, not with Save: the page saves this rule's new state by itself. */
  private onStop = () => {
    if (!this.rule) return;
    const detail = { ruleId: this.rule.id, stopped: !this.rule.stopped };
    this.dispatchEvent(new CustomEvent('rules:stop-chosen', { detail, bubbles: true, composed: true }));
  };

  private edit(change: Partial<DraftRule>): void {
    if (this.rule) this.changed({ ...this.rule, ...change });
  }

  private changed(next: DraftRule | null): void {
    this.dispatchEvent(new CustomEvent('rules:rule-changed', { detail: next }));
  }
}
customElements.define('rule-card', RuleCard);

declare global {
  interface HTMLElementTagNameMap {
    'rule-card': RuleCard;
  }
}

/** The list with its `j`th item replaced by `next`, or removed when `next` is null. */
function replaced<T>(list: readonly T[], j: number, next: T | null): T[] {
  return next === null ? list.filter((_, k) => k !== j) : list.map((x, k) => (k === j ? next : x));
}

/** YYYY-MM-DD, `days` from today, on this computer's calendar. */
function today(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
