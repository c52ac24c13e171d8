import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  playbackAudioPath,
  type UnlockResponse,
  type VoicemailMessage,
  type VoicemailState,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import { hashToken } from '../identity/tokens.ts';
import type { Logger } from '../log.ts';
import type { Publisher } from '../push/publisher.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Database } from '../store/database.ts';
import type { VoicemailRecord } from './voicemail-repository.ts';
import {
  TranscoderUnavailableError,
  UnplayableAudioError,
  type TranscodedAudio,
  type Transcoder,
} from '../transcoder/transcoder.ts';
import { CarrierError } from '../http/partner-api.ts';
import type { VoicemailServerClient } from './voicemail-server-client.ts';
import { redact } from '../policy/redaction.ts';
import { PendingUnlocks } from './pending-unlocks.ts';

interface PlaybackSession {
  deviceId: string;
  messageId: string;
  mailbox: string;
  carrierSession: string;
  expiresAt: number;
}

/** By the id's hash, as every session token is kept: the id alone releases the audio. */
const playbackKey = (sessionId: string) => `playback:${hashToken(sessionId)}`;
/** A deleted message's other sessions end with it; the mark outlives any session opened before the delete. */
const deletedKey = (messageId: string) => `playback-deleted:${messageId}`;

/** When a listen refused for want of ffmpeg is worth trying again. */
const TRANSCODER_RETRY_AFTER_SEC = 30;

/**
 * What a viewer does with a voicemail — list, unlock with the PIN, listen, keep for later, delete — forwarded to
 * the carrier on the viewer's behalf through {@link VoicemailServerClient}, and the result told to every device
 * that was told of the message.
 *
 * A correct PIN opens a playback session: a random id bound to one device and one message that expires; the
 * audio is released only through it. Sessions live in the shared state, so any API process serves one: the
 * process the audio is asked of transcodes it (the one that checked the PIN starts at once, so a front door that
 * keeps `/api/voicemail/playback/<id>` on one process saves a second transcode — an optimisation, not a need).
 */
export class VoicemailActions {
  private readonly store: Pick<Database, 'policies' | 'voicemail'>;
  private readonly gateway: Publisher;
  private readonly carrier: VoicemailServerClient;
  private readonly transcoder: Transcoder;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sessionTtlMs: number;
  private readonly sessions: SharedState;
  private readonly pending = new PendingUnlocks();

  constructor(deps: {
    store: Pick<Database, 'policies' | 'voicemail'>;
    gateway: Publisher;
    carrier: VoicemailServerClient;
    transcoder: Transcoder;
    log: Logger;
    sessions: SharedState;
    now?: () => number;
    sessionTtlMs?: number;
  }) {
    this.sessions = deps.sessions;
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.carrier = deps.carrier;
    this.transcoder = deps.transcoder;
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
    this.sessionTtlMs = deps.sessionTtlMs ?? 10 * 60_000;
  }

  /** The mailboxes whose voicemail reaches this device: a phone's own, and for an STB its related phones'. */
  async mailboxesOf(device: Device): Promise<string[]> {
    if (device.kind === 'phone') return device.phoneNumber ? [device.phoneNumber] : [];
    const phones = await this.store.policies.sources(device.id, 'voicemail');
    return phones.flatMap((phone) => (phone.phoneNumber ? [phone.phoneNumber] : []));
  }

  async list(device: Device): Promise<VoicemailMessage[]> {
    const lists = await Promise.all(
      (await this.mailboxesOf(device)).map((mailbox) =>
        this.carrierCall(() => this.carrier.listMessages(mailbox)),
      ),
    );
    return lists.flat().sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  /**
   * Opens a playback session with the mailbox PIN. To listen, the audio starts transcoding now: by the time the
   * player asks for it, its first bytes are waiting. `chosenId` is the device's own id for the session
   * (`UnlockRequest.sessionId`): its audio request, sent alongside, waits for this answer.
   */
  async unlock(
    device: Device,
    messageId: string,
    pin: string,
    intent: 'listen' | 'delete' = 'listen',
    chosenId?: string,
  ): Promise<UnlockResponse> {
    // First: a device that may not open the message learns nothing of ids, and leaves nothing pending.
    const record = await this.accessible(device, messageId);
    if (chosenId === undefined) {
      return this.openSession(device, record, pin, intent, randomBytes(24).toString('base64url'));
    }
    // Checked before the PIN is tried, so a refused id costs no attempt.
    const inUse = () =>
      new ApiError(ErrorCode.ProtocolMalformed, 'that session id is in use; choose another');
    if (this.pending.has(chosenId)) throw inUse();
    return this.pending.track(chosenId, device.id, async () => {
      if ((await this.sessions.get(playbackKey(chosenId))) !== undefined) throw inUse();
      return this.openSession(device, record, pin, intent, chosenId);
    });
  }

  private async openSession(
    device: Device,
    record: VoicemailRecord,
    pin: string,
    intent: 'listen' | 'delete',
    sessionId: string,
  ): Promise<UnlockResponse> {
    const { messageId } = record;
    const opened = await this.carrierCall(() => this.carrier.openSession(record.mailbox, pin));
    const expiresAt = Math.min(this.now() + this.sessionTtlMs, Date.parse(opened.expiresAt));
    const session: PlaybackSession = {
      deviceId: device.id,
      messageId,
      mailbox: record.mailbox,
      carrierSession: opened.session,
      expiresAt,
    };
    await this.sessions.set(playbackKey(sessionId), session, expiresAt - this.now());
    if (intent === 'listen') {
      this.transcoder.prepare(messageId, () =>
        this.carrierCall(() => this.carrier.fetchAudio(record.mailbox, messageId, opened.session)),
      );
    }
    return {
      sessionId,
      audioUrl: playbackAudioPath(sessionId),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /**
   * The message's audio as AAC, for a valid playback session only. Asked with the device's token (`device`), a
   * session the device is unlocking is waited for, and must be that device's.
   */
  async audio(sessionId: string, device?: Device): Promise<TranscodedAudio> {
    if (device) {
      await this.pending.waitFor(sessionId, device.id, () => this.sessions.get(playbackKey(sessionId)));
    }
    const session = await this.session(sessionId, device);
    try {
      return await this.transcoder.get(session.messageId, () =>
        this.carrierCall(() =>
          this.carrier.fetchAudio(session.mailbox, session.messageId, session.carrierSession),
        ),
      );
    } catch (error) {
      if (error instanceof UnplayableAudioError) {
        this.log.warn('unplayable voicemail', { messageId: session.messageId, reason: error.reason });
        throw new ApiError(ErrorCode.AudioUnplayable, "This message can't be played", {
          reason: error.reason,
        });
      }
      if (error instanceof TranscoderUnavailableError) {
        this.log.error('no transcoder for a listen', { messageId: session.messageId, error: error.message });
        throw new ApiError(
          ErrorCode.TranscoderUnavailable,
          'The audio cannot be prepared right now; try again',
          {
            retryAfterSec: TRANSCODER_RETRY_AFTER_SEC,
          },
        );
      }
      throw error;
    }
  }

  async markHeard(device: Device, messageId: string, sessionId: string): Promise<void> {
    const session = await this.session(sessionId, device, messageId);
    await this.carrierCall(() => this.carrier.markHeard(session.mailbox, messageId, session.carrierSession));
    await this.fanOut(await this.accessible(device, messageId), 'heard', device);
  }

  /** Keeps the message new everywhere; nothing changes at the carrier. */
  async later(device: Device, messageId: string): Promise<void> {
    await this.fanOut(await this.accessible(device, messageId), 'later', device);
  }

  async delete(device: Device, messageId: string, sessionId: string): Promise<void> {
    const session = await this.session(sessionId, device, messageId);
    await this.carrierCall(() =>
      this.carrier.deleteMessage(session.mailbox, messageId, session.carrierSession),
    );
    await this.transcoder.remove(messageId);
    await this.fanOut(await this.accessible(device, messageId), 'deleted', device);
    // Last, and never failing the delete, which the carrier has done (a retry could not redo it): without the mark,
    // another session of the message only finds the carrier has no audio for it.
    await this.sessions
      .set(deletedKey(messageId), true, this.sessionTtlMs)
      .catch((error: unknown) =>
        this.log.warn('deleted message not marked', { messageId, error: String(error) }),
      );
  }

  /** The voicemail, if this device may act on it: it was told of it, or it follows the mailbox. */
  private async accessible(device: Device, messageId: string): Promise<VoicemailRecord> {
    const record = await this.store.voicemail.get(messageId);
    if (!record) throw new ApiError(ErrorCode.MessageNotFound, 'no such message');
    const told = (await this.store.voicemail.recipients(messageId)).some((r) => r.deviceId === device.id);
    if (!told && !(await this.mailboxesOf(device)).includes(record.mailbox)) {
      throw new ApiError(ErrorCode.Forbidden, 'this device does not receive that mailbox');
    }
    return record;
  }

  private async session(sessionId: string, device?: Device, messageId?: string): Promise<PlaybackSession> {
    const session = await this.sessions.get<PlaybackSession>(playbackKey(sessionId));
    const valid =
      session &&
      session.expiresAt > this.now() &&
      !(await this.sessions.get(deletedKey(session.messageId))) &&
      (device === undefined || session.deviceId === device.id) &&
      (messageId === undefined || session.messageId === messageId);
    if (!valid) throw new ApiError(ErrorCode.SessionInvalid, 'enter the PIN again');
    return session;
  }

  private async fanOut(record: VoicemailRecord, state: VoicemailState, by: Device): Promise<void> {
    const id = `voicemail.updated:${record.messageId}:${state}:${randomBytes(6).toString('base64url')}`;
    for (const { deviceId, show } of await this.store.voicemail.recipients(record.messageId)) {
      await this.gateway.publish(
        deviceId,
        'voicemail.updated',
        id,
        redact('voicemail.updated', show, {
          messageId: record.messageId,
          mailbox: record.mailbox,
          state,
          byDeviceId: by.id,
          byDeviceName: by.name,
          callerName: record.callerName,
        }),
      );
    }
  }

  /** Carrier failures become our API errors with the same stable code (PIN_WRONG, PIN_LOCKED, …). */
  private async carrierCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      if (error.code === ErrorCode.SessionInvalid)
        throw new ApiError(ErrorCode.SessionInvalid, 'enter the PIN again');
      if (error.code === ErrorCode.CarrierUnavailable || error.status >= 500) {
        throw new ApiError(ErrorCode.CarrierUnavailable, 'the voicemail server is not answering; try again');
      }
      // Refusing our own credentials is the carrier not answering usefully, as far as the viewer can tell.
      if (error.code === ErrorCode.AuthInvalidDevice) {
        throw new ApiError(ErrorCode.CarrierUnavailable, 'the voicemail server is not answering; try again');
      }
      throw new ApiError(error.code, error.message, error.details);
    }
  }
}
