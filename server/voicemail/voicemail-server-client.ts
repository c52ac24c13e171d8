import * as v from 'valibot';
import {
  ErrorCode,
  MailboxSessionResponse,
  VoicemailList,
  type AudioFormat,
  type ErrorBody,
  type ErrorDetails,
  type VoicemailMessage,
} from '../../protocol/index.ts';

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

/** A carrier answer that is not success, with the stable code and details it gave. */
export class CarrierError extends Error {
  override name = 'CarrierError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(status: number, code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const SESSION_HEADER = 'x-mailbox-session';

/** The carrier's partner API over HTTP (`/partner/...`), with our API key. */
export class HttpVoicemailServerClient implements VoicemailServerClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;

  constructor(options: { baseUrl: string; apiKey: string; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? 10_000;
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

  private async request(method: string, path: string, options: { session?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}` };
    if (options.session) headers[SESSION_HEADER] = options.session;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/partner${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new CarrierError(
        503,
        ErrorCode.CarrierUnavailable,
        `the voicemail server did not answer (${String(cause)})`,
      );
    }
    if (response.ok) return response;
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    throw new CarrierError(
      response.status,
      body?.error.code ?? ErrorCode.CarrierUnavailable,
      body?.error.message ?? `the voicemail server answered ${response.status}`,
      body?.error.details,
    );
  }
}
