import { LitElement, css, html, nothing } from 'lit';
import type { DeliveryLogView } from '../../protocol/index.ts';
import { actionText, CONTENT_LABELS, OUTCOMES, reasonText } from './wording.ts';

/**
 * The joint account's delivery log: what was sent to each phone and TV, when, and what came of it — or why it was
 * not sent. "Loading…" until the log is given; it scrolls sideways inside itself on a narrow phone.
 */
export class DeliveryLog extends LitElement {
  static override properties = { log: { attribute: false } };

  static override styles = css`
    :host {
      display: block;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: 14px;
    }
    th,
    td {
      text-align: left;
      padding: 6px 8px;
      border-bottom: 1px solid #e6e9ef;
      vertical-align: top;
    }
  `;

  declare log: DeliveryLogView | null;

  constructor() {
    super();
    this.log = null;
  }

  override render() {
    const log = this.log;
    if (!log) return html`<p>Loading…</p>`;
    if (log.entries.length === 0) return html`<p>Nothing yet.</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Device</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          ${log.entries.map(
            (e) =>
              html`<tr>
                <td>${new Date(e.at).toLocaleString()}</td>
                <td>${CONTENT_LABELS[e.contentType as keyof typeof CONTENT_LABELS] ?? e.contentType}</td>
                <td>${e.deviceName}</td>
                <td>
                  ${OUTCOMES[e.outcome] ?? e.outcome}${e.action ? `: ${actionText(e.action)}` : ''}${
                    e.reasons.length ? html`: ${e.reasons.map(reasonText).join('; ')}` : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
customElements.define('delivery-log', DeliveryLog);

declare global {
  interface HTMLElementTagNameMap {
    'delivery-log': DeliveryLog;
  }
}
