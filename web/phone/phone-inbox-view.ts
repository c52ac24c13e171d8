import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InboxSync } from '../../client/inbox/inbox-store.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import type { PhoneClient } from './phone-client.ts';
import './voicemail-item.ts';

/**
 * The phone's voicemail inbox under its heading: "Voicemail" with how many are new (or that the copy shown is the
 * saved one), then a row per message. Drawn in the phone page's shadow root, with its styles.
 */
export function phoneInbox(
  messages: readonly InboxMessage[],
  sync: InboxSync,
  voicemail: PhoneClient['voicemail'],
) {
  return html`<h2>
      <span>Voicemail</span>
      <span>${syncText(messages, sync)}</span>
    </h2>
    ${rows(messages, sync, voicemail)}`;
}

function rows(messages: readonly InboxMessage[], sync: InboxSync, voicemail: PhoneClient['voicemail']) {
  if (messages.length === 0) {
    return html`<p class="empty">${sync === 'syncing' ? 'Loading…' : 'No voicemail'}</p>`;
  }
  // Keyed by id: a row keeps its own state (a PIN being typed, audio playing) while the list around it changes.
  return repeat(
    messages,
    (m) => m.id,
    (m) =>
      html`<voicemail-item .message=${m} .voicemail=${voicemail} data-message-id=${m.id}></voicemail-item>`,
  );
}

function syncText(messages: readonly InboxMessage[], sync: InboxSync): string {
  const fresh = messages.filter((m) => m.folder === 'new').length;
  if (sync === 'offline') return 'Saved copy — voicemail is not answering';
  return fresh > 0 ? `${fresh} new` : '';
}
