import * as v from 'valibot';
import {
  ErrorCode,
  MailboxSessionResponse,
  VoicemailList,
  type AudioFormat,
  type VoicemailMessage,
} from '../../protocol/index.ts';
import { callPartnerApi, type PartnerApi } from '../http/partner-api.ts';

/**
 * How our voicemail proxy talks to a carrier's voicemail server. The simulator implements the HTTP side; a real
 * carrier integration is another implementation of this interface, chosen by configuration.
 */
export interface VoicemailServerClient {
  listMessages(mailbox: string): Promise<VoicemailMessage[]>;
  /** Opens a mailbox session with the PIN. Fails with {@link CarrierError} (PIN_WRONG, PIN_LOCKED, PIN_NOT_SET…). */
  openSession(mailbox: string, pin: string): Promise<{ session: string; expiresAt: string }>;
  fetchAudio(
    mailbox: string,
    messageId: string,
    session: string,
  ): Promise<{ format: AudioFormat; bytes: Uint8Array }>;
  /** Moves a message to the saved folder (heard). */
  markHeard(mailbox: string, messageId: string, session: string): Promise<void>;
  deleteMessage(mailbox: string, messageId: string, session: string): Promise<void>;
}

const SESSION_HEADER = 'x-mailbox-session';

/** The carrier's partner API over HTTP (`/partner/...`), with our API key. */
export class HttpVoicemailServerClient implements VoicemailServerClient {
  private readonly api: PartnerApi;

  constructor(options: { baseUrl: string; apiKey: string; timeoutMs?: number }) {
    this.api = {
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 10_000,
      name: 'the voicemail server',
      unavailableCode: ErrorCode.CarrierUnavailable,
    };
  }

  async listMessages(mailbox: string): Promise<VoicemailMessage[]> {
    const response = await this.request('GET', `/mailboxes/${mailbox}/messages`);
    return v.parse(VoicemailList, await response.json()).messages;
  }

  async openSession(mailbox: string, pin: string): Promise<{ session: string; expiresAt: string }> {
    const response = await this.request('POST', `/mailboxes/${mailbox}/sessions`, { body: { pin } });
    return v.parse(MailboxSessionResponse, await response.json());
  }

  async fetchAudio(mailbox: string, messageId: string, session: string) {
    const response = await this.request(
      'GET',
      `/mailboxes/${mailbox}/messages/${encodeURIComponent(messageId)}/audio`,
      {
        session,
      },
    );
    const format = response.headers.get('x-audio-format') as AudioFormat;
    return { format, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async markHeard(mailbox: string, messageId: string, session: string): Promise<void> {
    await this.request('POST', `/mailboxes/${mailbox}/messages/${encodeURIComponent(messageId)}/move`, {
      session,
      body: { folder: 'saved' },
    });
  }

  async deleteMessage(mailbox: string, messageId: string, session: string): Promise<void> {
    await this.request('DELETE', `/mailboxes/${mailbox}/messages/${encodeURIComponent(messageId)}`, {
      session,
    });
  }

  private request(method: string, path: string, options: { session?: string; body?: unknown } = {}) {
    return callPartnerApi(this.api, method, `/partner${path}`, {
      headers: options.session ? { [SESSION_HEADER]: options.session } : {},
      body: options.body,
    });
  }
}
