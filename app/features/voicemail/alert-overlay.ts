import { TvComponent } from '../../shell/component.ts';
import type Lightning from '../../ui/lightning.ts';
import { ButtonRow } from '../../ui/button-row.ts';
import { COLOR } from '../../ui/theme.ts';
import { alertDetail, alertTitle, type VoicemailAlert } from './voicemail-alert.ts';
import { AlertCountdown, alertFrame, setAlertLine } from '../../ui/alert-frame.ts';
import { leftWhen } from '../../../client/wording.ts';

/** Six buttons and their gaps fit inside the panel's padding. */
const BUTTON_W = 158;

/** The overlay's actions in focus order, with the colour key that does the same. */
export const ALERT_ACTIONS = [
  { action: 'listen', label: 'Listen', key: 'Green', color: COLOR.green },
  { action: 'later', label: 'Later', key: 'Yellow', color: COLOR.yellow },
  { action: 'delete', label: 'Delete', key: 'Red', color: COLOR.red },
  { action: 'dismiss', label: 'Dismiss', key: 'Blue', color: COLOR.blue },
  // A text back to the caller, through the household's phone.
  { action: 'reply', label: 'Reply', key: null, color: null },
  // No colour key left: reached with the arrows. Alerts wait until the programme on screen ends.
  { action: 'quiet', label: 'Quiet', key: null, color: null },
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number]['action'];

/**
 * "Voice mail from Jane 505-555-1313" over the picture, in the frame every alert shares (bottom right, a countdown,
 * when a late message was left), with Listen, Later, Delete and Dismiss (arrows and OK, or the colour keys shown under them),
 * Reply (a text back to the caller, through the household's phone) and Quiet ("Quiet for this programme": further
 * alerts wait until the programme ends, then come as one summary).
 * Fires `$alertAction(action)` on its ancestors.
 */
export class AlertOverlay extends TvComponent {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return alertFrame(
      ALERT_ACTIONS.map((a) => ({
        action: a.action,
        label: a.label,
        w: BUTTON_W,
        ...(a.color ? { hint: a.color } : {}),
      })),
    );
  }

  /**
   * Shows an alert until `leavesAt` (the countdown says how long), or hides the overlay for null. Focus starts on
   * Listen. A late message (left well before now) says when it was left.
   */
  show(alert: VoicemailAlert | null, leavesAt: number | null = null): void {
    if (alert) {
      this.tag('Title').text.text = alertTitle(alert);
      setAlertLine(this, 'Detail', alertDetail(alert));
      setAlertLine(this, 'Late', leftWhen(alert.receivedAt));
      this.tagOf('Countdown', AlertCountdown).start(leavesAt);
      this.row.select('listen');
      // A short fade that never holds up a key press: the overlay takes keys at once.
      this.patch({ visible: true, alpha: 0 });
      this.setSmooth('alpha', 1, { duration: 0.2 });
    } else {
      this.tagOf('Countdown', AlertCountdown).start(null);
      this.patch({ visible: false });
    }
    this._refocus();
  }

  /** Renders the buttons' labels ahead of the first alert (they never change): see {@link ButtonRow.prerenderLabels}. */
  prerender(): void {
    this.row.prerenderLabels();
  }

  private get row(): ButtonRow {
    return this.tagOf('Actions', ButtonRow);
  }

  override _getFocused(): Lightning.Component {
    return this.row;
  }

  $rowPressed(action: string): void {
    this.choose(action as AlertAction);
  }

  override _handleBack(): void {
    this.choose('dismiss');
  }

  _handleGreen(): void {
    this.choose('listen');
  }

  _handleYellow(): void {
    this.choose('later');
  }

  _handleRed(): void {
    this.choose('delete');
  }

  _handleBlue(): void {
    this.choose('dismiss');
  }

  /** Not named `fire`: Lightning components already have a `fire` (state-machine dispatch) that would win. */
  private choose(action: AlertAction): void {
    this.fireUp('$alertAction', action);
  }
}
