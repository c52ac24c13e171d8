import { html, nothing } from 'lit';
import { formatPhoneNumber, type DeviceSummary } from '../../protocol/index.ts';
import type { PushState } from '../../client/net/push-client.ts';

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

/**
 * The phone page's header: which phone it is, its number, whether it is on the channel, and — when the page knows
 * more than one phone — the list to become another. Drawn in the page's shadow root, with its styles.
 */
export function phoneHeader(view: {
  /** The phone this page is, once it is on (paired or signed in); null while loading, signing in or failed. */
  phone: DeviceSummary | null;
  /** The page asks to sign in: that, not the channel, is the news. */
  signingIn: boolean;
  connection: PushState;
  phones: DeviceSummary[];
  onSwitch: (deviceId: string) => void;
}) {
  const { phone, connection } = view;
  return html`
    <header>
      <h1>${phone ? phone.name : 'Phone'}</h1>
      <div class="status">
        ${phone?.phoneNumber ? html`<span>${formatPhoneNumber(phone.phoneNumber)}</span>` : nothing}
        ${
          view.signingIn
            ? html`<span data-connection="signed-out">Not signed in</span>`
            : html`<span class=${connection === 'online' ? 'online' : ''} data-connection=${connection}
                >${CONNECTION_TEXT[connection]}</span
              >`
        }
        ${
          view.phones.length > 1 && phone
            ? html`<select
                aria-label="Which phone this page is"
                @change=${(e: Event) => view.onSwitch((e.target as HTMLSelectElement).value)}
              >
                ${view.phones.map(
                  (d) => html`<option value=${d.id} ?selected=${d.id === phone.id}>${d.name}</option>`,
                )}
              </select>`
            : nothing
        }
      </div>
    </header>
  `;
}
