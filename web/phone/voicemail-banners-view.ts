import { html, nothing } from 'lit';
import { formatPhoneNumber } from '../../protocol/index.ts';
import { callerLabel } from '../../client/wording.ts';
import type { PhoneAlert, PhoneNotice } from './phone-voicemail.ts';

/**
 * "Voice mail from Jane 505-555-1313" banners, each with Dismiss. Drawn in the phone page's shadow root, with its
 * styles; the caller's name is bound as text.
 */
export function voicemailBanners(alerts: readonly PhoneAlert[], onDismiss: (messageId: string) => void) {
  return alerts.map(
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
        <button @click=${() => onDismiss(a.messageId)}>Dismiss</button>
      </div>`,
  );
}

/** The latest news about messages ("Message from Jane deleted on Living-room TV"), newest first. */
export function noticeList(notices: readonly PhoneNotice[]) {
  if (notices.length === 0) return nothing;
  return html`<ul class="notices" role="status">
    ${notices.map((n) => html`<li>${n.text}</li>`)}
  </ul>`;
}
