import { LitElement, css, html, nothing } from 'lit';
import {
  formatPhoneNumber,
  type ContentType,
  type DeliveryCard,
  type DeliveryLogView,
  type DeliveryStep,
  type OfferedDevice,
} from '../../protocol/index.ts';
import type { DeliveryLogFilter } from './account-api.ts';
import { actionText, CONTENT_LABELS, OUTCOMES, reasonText } from './wording.ts';

/** `account:log-filter-chosen`: which device's and kind's alerts to show ('' for all). */
export type LogFilterEvent = CustomEvent<DeliveryLogFilter>;

/**
 * The joint account's delivery log: one card per alert (a voicemail, a call, a text) with who it was from, and under
 * it each device's story in the order it happened — sent (or held, or not sent and why), reached the device, shown,
 * acted on or dismissed. Filtered by device and kind (`account:log-filter-chosen`); a page at a time, with "Show
 * older" (`account:log-older-chosen`). "Loading…" until the log is given. Callers' names are text, never markup.
 */
export class DeliveryLog extends LitElement {
  static override properties = {
    log: { attribute: false },
    devices: { attribute: false },
    filter: { attribute: false },
  };

  static override styles = css`
    :host {
      display: block;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
      margin-bottom: 10px;
    }
    select {
      font: inherit;
      padding: 4px 6px;
      margin-left: 6px;
    }
    ol.alerts {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .alert {
      border: 1px solid #d0d5de;
      border-radius: 12px;
      padding: 10px 12px;
      margin-bottom: 10px;
      background: #fff;
      overflow-wrap: anywhere;
    }
    .alert h3 {
      font-size: 16px;
      margin: 0 0 6px;
    }
    .alert time {
      color: #5b6475;
      font-weight: normal;
      font-size: 14px;
    }
    .device {
      margin: 6px 0 0;
    }
    .device h4 {
      font-size: 14px;
      margin: 0;
    }
    ol.story {
      margin: 2px 0 0;
      padding-left: 20px;
      font-size: 14px;
    }
    .suppress,
    .not-displayed {
      color: #7a1c14;
    }
    button {
      font: inherit;
    }
  `;

  declare log: DeliveryLogView | null;
  /** The household's phones and TVs, to filter by. */
  declare devices: OfferedDevice[];
  declare filter: DeliveryLogFilter;

  constructor() {
    super();
    this.log = null;
    this.devices = [];
    this.filter = {};
  }

  override render() {
    return html`${this.renderFilters()}${this.renderAlerts()}`;
  }

  private renderFilters() {
    const kinds = Object.entries(CONTENT_LABELS) as [ContentType, string][];
    return html`<div class="filters">
      <span>
        <label for="log-device">Device</label>
        <select id="log-device" @change=${(e: Event) => this.choose({ device: value(e) })}>
          <option value="" ?selected=${!this.filter.device}>All phones and TVs</option>
          ${this.devices.map(
            (d) => html`<option value=${d.id} ?selected=${this.filter.device === d.id}>${d.name}</option>`,
          )}
        </select>
      </span>
      <span>
        <label for="log-kind">Kind</label>
        <select id="log-kind" @change=${(e: Event) => this.choose({ kind: value(e) })}>
          <option value="" ?selected=${!this.filter.kind}>Everything</option>
          ${kinds.map(([k, label]) => html`<option value=${k} ?selected=${this.filter.kind === k}>${label}</option>`)}
        </select>
      </span>
    </div>`;
  }

  private renderAlerts() {
    const log = this.log;
    if (!log) return html`<p>Loading…</p>`;
    if (log.alerts.length === 0) return html`<p>Nothing yet.</p>`;
    return html`<ol class="alerts">
        ${log.alerts.map((alert) => this.renderAlert(alert))}
      </ol>
      ${
        log.next
          ? html`<button
              class="secondary"
              @click=${() => this.dispatchEvent(new CustomEvent('account:log-older-chosen', { bubbles: true, composed: true }))}
            >
              Show older
            </button>`
          : nothing
      }`;
  }

  private renderAlert(alert: DeliveryCard) {
    const first = alert.steps[0];
    return html`<li class="alert" data-subject=${alert.subject}>
      <h3>
        ${title(alert)}
        ${first ? html`<time datetime=${first.at}>${new Date(first.at).toLocaleString()}</time>` : nothing}
      </h3>
      ${byDevice(alert.steps).map(
        ([name, steps]) =>
          html`<section class="device" aria-label=${name}>
            <h4>${name}</h4>
            <ol class="story">
              ${steps.map(
                (s) =>
                  html`<li class=${s.outcome}>
                    ${stepText(s)}
                    <time datetime=${s.at}>${new Date(s.at).toLocaleTimeString()}</time>
                  </li>`,
              )}
            </ol>
          </section>`,
      )}
    </li>`;
  }

  private choose(change: DeliveryLogFilter): void {
    this.dispatchEvent(
      new CustomEvent('account:log-filter-chosen', {
        detail: { ...this.filter, ...change },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
customElements.define('delivery-log', DeliveryLog);

declare global {
  interface HTMLElementTagNameMap {
    'delivery-log': DeliveryLog;
  }
}

function value(e: Event): string {
  return (e.target as HTMLSelectElement).value;
}

/** "Voicemail from Jane 505-555-1313". */
function title(alert: DeliveryCard): string {
  const kind = CONTENT_LABELS[alert.contentType as ContentType] ?? alert.contentType;
  const caller = alert.caller;
  if (!caller) return kind;
  const number = caller.number ? formatPhoneNumber(caller.number) : '';
  const who = [caller.name.trim(), number].filter(Boolean).join(' ') || 'a withheld number';
  return `${kind} from ${who}`;
}

/** "Not sent: the rule is stopped", "Acted on: listened". */
function stepText(s: DeliveryStep): string {
  const outcome = OUTCOMES[s.outcome] ?? s.outcome;
  const action = s.action ? `: ${actionText(s.action)}` : '';
  const why = s.reasons.length ? `: ${s.reasons.map(reasonText).join('; ')}` : '';
  return `${outcome}${action}${why}`;
}

/** Each device's steps, devices in the order they first come, steps in time order. */
function byDevice(steps: readonly DeliveryStep[]): [string, DeliveryStep[]][] {
  const devices = new Map<string, { name: string; steps: DeliveryStep[] }>();
  for (const s of steps) {
    const device = devices.get(s.deviceId) ?? { name: s.deviceName, steps: [] };
    device.steps.push(s);
    devices.set(s.deviceId, device);
  }
  return [...devices.values()].map((d) => [d.name, d.steps]);
}
