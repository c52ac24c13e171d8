import { html } from 'lit';
import type { LinkedAccount, RoutingRegistration } from '../../protocol/index.ts';
import { CARRIERS } from './wording.ts';

/** Markup more than one view of the setup page draws. */

/** "Linked so far: Ana (FXT Digital TV), Luis (XYZ Wireless, by consent)", under each setup step. */
export function linkedSoFar(accounts: readonly LinkedAccount[]) {
  return html`<p>
    Linked so far:
    ${accounts.map(
      (a, i) =>
        html`${i ? ', ' : ''}<strong>${a.holderName}</strong>
          (${CARRIERS[a.directory]}${a.via === 'consent' ? ', by consent' : ''})`,
    )}
  </p>`;
}

const ROUTERS = { 'voicemail-proxy': 'Voicemail proxy', 'push-gateway': 'Push gateway' } as const;

/** Each router that confirmed the joint account's rules, what it routes now, and when it confirmed. */
export function registrationList(registrations: readonly RoutingRegistration[]) {
  return html`<ul class="registrations" aria-label="Registered with">
    ${registrations.map(
      (r) =>
        html`<li>
          ${ROUTERS[r.service]}: ${r.summary} — confirmed ${new Date(r.confirmedAt).toLocaleTimeString()}
        </li>`,
    )}
  </ul>`;
}
