import type { VoicemailAlert } from '../features/voicemail/voicemail-alert.ts';
import type { PushState } from '../net/push-client.ts';
import type { AppError } from './errors.ts';

/** Every app-level event by name; the bus derives its signatures from this map. */
export interface AppEvents {
  'push:state-changed': { state: PushState };
  'voicemail:received': { alert: VoicemailAlert };
  'voicemail:dismissed': { alert: VoicemailAlert; reason: 'user' | 'timeout' };
  'app:error': { error: AppError };
}
