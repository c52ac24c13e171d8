import { html, nothing } from 'lit';
import { formatPhoneNumber } from '../../protocol/index.ts';
import { callerLabel, when } from '../../client/wording.ts';
import type { PhoneAlert, PhoneNotice } from './phone-voicemail.ts';

/** How many callers the collapsed row names before "…". */
const CALLERS_NAMED = 3;

/**
 * New voicemail as one row, however many arrived: "Voice mail from Jane 505-555-1313" for one, "3 new voicemails —
 * Jane, Simon, Ana" for more, with the newest one's time and one Dismiss for the lot (the inbox below lists each).
 * Drawn in the phone page's shadow root, with its styles; callers' names are bound as text.
 */
export function voicemailBanners(alerts: readonly PhoneAlert[], onDismiss: () => void) {
  if (alerts.length === 0) return nothing;
  const newest = alerts.reduce((a, b) => (Date.parse(b.receivedAt) > Date.parse(a.receivedAt) ? b : a));
  return html`<div
    class="banner"
    role="status"
    data-kind="voicemail"
    data-count=${alerts.length}
    data-message-id=${alerts.length === 1 ? newest.messageId : nothing}
  >
    <span class="text">${alerts.length === 1 ? oneAlert(newest) : manyAlerts(alerts)}</span>
    <time class="when" datetime=${newest.receivedAt}>${when(newest.receivedAt)}</time>
    <button @click=${onDismiss}>Dismiss</button>
  </div>`;
}

function oneAlert(a: PhoneAlert) {
  return html`Voice mail from
  ${callerLabel(a)}${
    a.callerNumber && a.callerName.trim()
      ? html` <span class="number">${formatPhoneNumber(a.callerNumber)}</span>`
      : nothing
  }`;
}

/** "3 new voicemails — Jane, Simon, Ana…": each caller once, newest first. */
function manyAlerts(alerts: readonly PhoneAlert[]): string {
  const callers = [...new Set([...alerts].reverse().map((a) => callerLabel(a)))];
  const named = callers.slice(0, CALLERS_NAMED).join(', ');
  return `${alerts.length} new voicemails — ${named}${callers.length > CALLERS_NAMED ? '…' : ''}`;
}

/** The latest news about messages ("Message from Jane deleted on Living-room TV"), newest first, each with its time. */
export function noticeList(notices: readonly PhoneNotice[]) {
  if (notices.length === 0) return nothing;
  return html`<ul class="notices" role="status">
    ${notices.map(
      (n) =>
        html`<li>
          <span class="text">${n.text}</span>${
            n.count > 1 ? html` <span class="count">(${n.count} times)</span>` : nothing
          }
          <time class="when" datetime=${n.at}>${when(n.at)}</time>
        </li>`,
    )}
  </ul>`;
}
