import * as v from 'valibot';
import {
  ActionResponse,
  Consent,
  ConsentList,
  ErrorCode,
  Programme,
  playbackAudioPath,
  UnlockResponse,
  VoicemailList,
  PendingRequestList,
  PresenceStatus,
  ProfileList,
  TextView,
  type DeviceProfile,
  type IncomingTextReport,
  type PresenceCommand,
  type SendTextRequest,
  type TextStatusReport,
  type DeliveryReport,
  type ErrorBody,
  type ErrorDetails,
  type VoicemailMessage,
} from '../../protocol/index.ts';
import type { DeviceCredentials } from './device-credentials.ts';

/** A refused API request, with the server's stable code and details ("3 tries left", "wait 14 minutes"). */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
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

/**
 * A device's side of the device API (the TV's and the phone page's). The device token goes in the Authorization header, never in a URL; every
 * response is validated with protocol/ before the app sees it.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly credentials: DeviceCredentials;
  private readonly onTokenRefused: (() => void) | undefined;

  /**
   * @param options.onTokenRefused called when the server no longer knows this device's token (401
   * `AUTH_INVALID_DEVICE` or `AUTH_REVOKED`: the household removed it, or it expired), so the app can enroll again.
   */
  constructor(options: { baseUrl: string; credentials: DeviceCredentials; onTokenRefused?: () => void }) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.credentials = options.credentials;
    this.onTokenRefused = options.onTokenRefused;
  }

  async listVoicemail(): Promise<VoicemailMessage[]> {
    return v.parse(VoicemailList, await this.request('GET', '/api/voicemail')).messages;
  }

  /**
   * Opens a message with the PIN; to listen, the server starts preparing the audio at once. With `sessionId` (the
   * device's own, see {@link audioRequest}) the audio may be asked for before this answers.
   */
  async unlock(
    messageId: string,
    pin: string,
    intent: 'listen' | 'delete' = 'listen',
    sessionId?: string,
  ): Promise<UnlockResponse> {
    const path = `/api/voicemail/${encodeURIComponent(messageId)}/unlock`;
    try {
      return v.parse(
        UnlockResponse,
        await this.request('POST', path, { pin, intent, ...(sessionId !== undefined ? { sessionId } : {}) }),
      );
    } catch (error) {
      // The id refused (in use, or a backend older than chosen ids, which refuses the field): the PIN was not
      // tried, so it is sent again without one, and the server makes the session's id.
      const refusedId =
        sessionId !== undefined &&
        error instanceof ApiRequestError &&
        error.code === ErrorCode.ProtocolMalformed;
      if (!refusedId) throw error;
      return v.parse(UnlockResponse, await this.request('POST', path, { pin, intent }));
    }
  }

  /**
   * The audio of a session this device is opening: its address and the token that lets the request wait for the
   * PIN's answer. For a player that fetches the audio itself; an `<audio>` element cannot send the header.
   */
  audioRequest(sessionId: string): { url: string; headers: Record<string, string> } {
    return {
      url: this.resolve(playbackAudioPath(sessionId)),
      headers: { authorization: `Bearer ${this.credentials.token}` },
    };
  }

  async markHeard(messageId: string, sessionId: string): Promise<void> {
    v.parse(
      ActionResponse,
      await this.request('POST', `/api/voicemail/${encodeURIComponent(messageId)}/heard`, { sessionId }),
    );
  }

  async later(messageId: string): Promise<void> {
    v.parse(
      ActionResponse,
      await this.request('POST', `/api/voicemail/${encodeURIComponent(messageId)}/later`),
    );
  }

  async delete(messageId: string, sessionId: string): Promise<void> {
    v.parse(
      ActionResponse,
      await this.request('POST', `/api/voicemail/${encodeURIComponent(messageId)}/delete`, { sessionId }),
    );
  }

  /** Says which channel this set-top box shows (null: none), for programme rules and quiet. */
  async reportDisplay(channel: string | null): Promise<void> {
    await this.request('PUT', '/api/displays/me', { channel });
  }

  /** Holds this display's alerts until the programme on it ends; refused (NO_PROGRAMME) when none is known. */
  async quietForProgramme(): Promise<{ until: string; programme: Programme }> {
    return v.parse(
      v.strictObject({ until: v.string(), programme: Programme }),
      await this.request('POST', '/api/displays/me/quiet'),
    );
  }

  /** Ends the quiet early; what waited comes at once. Returns how many alerts that is. */
  async endQuiet(): Promise<number> {
    return v.parse(
      v.strictObject({ released: v.number() }),
      await this.request('DELETE', '/api/displays/me/quiet'),
    ).released;
  }

  /** What happened to alerts on this device, for the household's delivery log. */
  async reportDeliveries(reports: DeliveryReport[]): Promise<void> {
    await this.request('POST', '/api/deliveries', { reports });
  }

  /** Requests to link this phone's line that wait for its holder (phones only). */
  async pendingConsents(): Promise<Consent[]> {
    return v.parse(ConsentList, await this.request('GET', '/api/consents')).consents;
  }

  async decideConsent(consentId: string, approve: boolean): Promise<Consent> {
    return v.parse(
      Consent,
      await this.request('POST', `/api/consents/${encodeURIComponent(consentId)}/decision`, { approve }),
    );
  }

  /** Tells the identity service what this device can do (and, a proxy, whom it lets use its SMS). */
  async announcePresence(command: PresenceCommand): Promise<DeviceProfile> {
    return v.parse(PresenceStatus, await this.request('PUT', '/api/identity/presence', command)).profile;
  }

  /** The household's other devices; a phone that sends SMS only once it has authorized this one. */
  async profiles(): Promise<DeviceProfile[]> {
    return v.parse(ProfileList, await this.request('GET', '/api/identity/profiles')).profiles;
  }

  /** Asks the household's phones to let this device text through them; resolves to how many were asked. */
  async requestSms(): Promise<number> {
    const body = (await this.request('POST', '/api/identity/requests', { capability: 'sms' })) as {
      askedProxies?: unknown;
    };
    return typeof body.askedProxies === 'number' ? body.askedProxies : 0;
  }

  /** Devices waiting on this phone's answer (a proxy only). */
  async smsRequests(): Promise<PendingRequestList['requests']> {
    return v.parse(PendingRequestList, await this.request('GET', '/api/identity/requests')).requests;
  }

  async declineSmsRequest(profileId: string): Promise<void> {
    await this.request('DELETE', `/api/identity/requests/${encodeURIComponent(profileId)}`);
  }

  /**
   * Asks the chosen phone to send a text as SMS. An unauthorized request is an answer, not an error: the text comes
   * back with its status "unauthorized" and the reason.
   */
  async sendText(request: SendTextRequest): Promise<TextView> {
    return v.parse(TextView, await this.request('POST', '/api/texts', request, [403]));
  }

  async getText(textId: string): Promise<TextView> {
    return v.parse(TextView, await this.request('GET', `/api/texts/${encodeURIComponent(textId)}`));
  }

  /** The proxy's word on a text it was asked to send. */
  async reportText(textId: string, report: TextStatusReport): Promise<TextView> {
    return v.parse(
      TextView,
      await this.request('POST', `/api/texts/${encodeURIComponent(textId)}/status`, report),
    );
  }

  /** The proxy received a text: the household's other devices may show it. */
  async reportIncomingText(report: IncomingTextReport): Promise<void> {
    await this.request('POST', '/api/texts/incoming', report);
  }

  /**
   * Why an audio URL does not play, in the server's words: its error code and reason ("truncated"), or null when
   * the URL answers fine (the engine itself failed). An `<audio>` element cannot read an error body, so this asks.
   */
  async audioFailure(url: string): Promise<{ code: ErrorCode; reason?: string } | null> {
    try {
      const response = await fetch(this.resolve(url), { headers: { range: 'bytes=0-0' } });
      if (response.ok) return null;
      return audioRefusal(await response.json().catch(() => null)) ?? { code: ErrorCode.Internal };
    } catch {
      return { code: ErrorCode.CarrierUnavailable };
    }
  }

  /** An absolute URL for a path the server gave (the playback session's audio). */
  resolve(path: string): string {
    return new URL(path, `${this.baseUrl}/`).toString();
  }

  /** `answers`: refusals whose body is still the answer (a text refused as unauthorized). */
  private async request(
    method: string,
    path: string,
    body?: unknown,
    answers: readonly number[] = [],
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.credentials.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiRequestError(
        0,
        ErrorCode.CarrierUnavailable,
        `the server cannot be reached (${String(cause)})`,
      );
    }
    const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok && !answers.includes(response.status)) {
      const error = (json as ErrorBody | null)?.error;
      // Only the device token's own refusal: a 401 for a voicemail session (SESSION_INVALID) is not one.
      if (
        response.status === 401 &&
        (error?.code === ErrorCode.AuthInvalidDevice || error?.code === ErrorCode.AuthRevoked)
      ) {
        this.onTokenRefused?.();
      }
      throw new ApiRequestError(
        response.status,
        error?.code ?? ErrorCode.Internal,
        error?.message ?? `HTTP ${response.status}`,
        error?.details,
      );
    }
    return json;
  }
}

/** A refused audio request's body in the API's error shape: its code and reason ("truncated"); null for anything else. */
export function audioRefusal(body: unknown): { code: ErrorCode; reason?: string } | null {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (!error || typeof error.code !== 'string') return null;
  return { code: error.code, ...(error.details?.reason ? { reason: error.details.reason } : {}) };
}
