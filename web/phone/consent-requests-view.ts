import { html, nothing } from 'lit';
import type { Consent } from '../../protocol/index.ts';
import type { ConsentAnswer } from './phone-consents.ts';

/**
 * Requests to link this phone's line, each with Approve and Refuse. Drawn in the phone page's shadow root, with its
 * styles; the requester's name and purpose are bound as text, so markup in them shows as typed.
 */
export function consentRequests(
  consents: readonly Consent[],
  onAnswer: (consentId: string, approve: boolean) => void,
) {
  return consents.map(
    (c) =>
      html`<section
        class="consent"
        role="alertdialog"
        aria-labelledby="consent-${c.id}"
        data-consent-id=${c.id}
      >
        <p id="consent-${c.id}"><strong>${c.requesterName}</strong> asks to link your line. ${c.purpose}</p>
        <div class="actions">
          <button @click=${() => onAnswer(c.id, true)}>Approve</button>
          <button @click=${() => onAnswer(c.id, false)}>Refuse</button>
        </div>
      </section>`,
  );
}

/** What the holder's last answer did, in words. */
export function consentAnswerNote(answer: ConsentAnswer | null) {
  if (!answer) return nothing;
  return html`<p class="answer" role="status">
    ${
      answer.approved
        ? `You approved ${answer.requesterName}'s request: your line can now be linked.`
        : `You refused ${answer.requesterName}'s request: nothing was linked.`
    }
  </p>`;
}
