import type { AlertAction } from '../features/voicemail/alert-overlay.ts';
import type { InboxMessage } from '../../client/storage/client-stores.ts';
import type { ComposeSend } from '../features/texts/compose-screen.ts';
import type { TextAlertAction } from '../features/texts/text-alert.ts';

/** What the inbox asks of the app: an action on the selected message (or none, to close or open the texts). */
export type InboxAction = 'listen' | 'delete' | 'reply' | 'texts' | 'close';

/** What the conversations ask of the app: a reply, a retry of a failed text, a new text, or to close. */
export type TextsAction = 'reply' | 'retry' | 'new' | 'close';

/**
 * The signals the TV's components fire on their ancestors, by name, with what they carry: what {@link fireUp} may
 * send and what an ancestor's `$name` method receives (a receiver can say `implements Pick<Signals, '$confirm'>`).
 * Lightning delivers a signal to the nearest ancestor that has a method of that name; nothing checks the
 * arguments at run time, so this map is the one place where sender and receiver agree.
 */
export interface Signals {
  /** A button of a row was pressed (its action). */
  $rowPressed(action: string): void;
  /** The confirmation dialog was answered. */
  $confirm(yes: boolean): void;
  $alertAction(action: AlertAction): void;
  /** The backlog's summary: open the inbox, or dismiss it. */
  $backlogAction(action: 'open' | 'dismiss'): void;
  $inboxAction(action: InboxAction, message?: InboxMessage): void;
  $textsAction(action: TextsAction, detail?: unknown): void;
  $textAlertAction(action: TextAlertAction): void;
  $composeSend(send: ComposeSend): void;
  $composeAsk(): void;
  $composeClose(): void;
}
