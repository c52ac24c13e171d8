import type { VoicemailAlert } from '../features/voicemail/voicemail-alert.ts';
import type { BacklogSummary } from '../features/voicemail/backlog.ts';
import type { PushState } from '../../client/net/push-client.ts';
import type { AppError } from '../../client/errors.ts';

/** Every app-level event by name; the bus derives its signatures from this map. */
export interface AppEvents {
  'push:state-changed': { state: PushState };
  'voicemail:received': { alert: VoicemailAlert };
  /** An alert went on screen (it may have waited behind another). */
  'voicemail:shown': { alert: VoicemailAlert };
  /** Alerts delivered at once after the TV was away went on screen as one summary, instead of one by one. */
  'voicemail:backlog-shown': { summary: BacklogSummary };
  /** Off screen: the viewer dismissed it or chose an action, its time ran out, or it was heard or deleted elsewhere. */
  'voicemail:dismissed': { alert: VoicemailAlert; reason: 'user' | 'timeout' | 'withdrawn' };
  /** An alert that came but was not put on screen, and why. */
  'voicemail:not-shown': { eventId: string; messageId: string; reason: 'background' | 'already-shown' };
  /** The viewer chose an action on an alert. */
  'voicemail:acted': { alert: VoicemailAlert; action: 'listen' | 'later' | 'delete' | 'quiet' | 'reply' };
  /** The TV got its device token (by code or by the box's identity) and starts with it. */
  'device:enrolled': { deviceId: string };
  /** The backend refused the TV's token (the household removed it, or it expired): it enrolls again. */
  'device:signed-out': { reason: 'revoked' | 'token-refused' };
  'app:error': { error: AppError };
}
