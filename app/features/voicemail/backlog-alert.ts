import { TvComponent } from '../../shell/component.ts';
import type Lightning from '../../ui/lightning.ts';
import { ButtonRow } from '../../ui/button-row.ts';
import { AlertCountdown, alertFrame, setAlertLine } from '../../ui/alert-frame.ts';
import { COLOR } from '../../ui/theme.ts';
import { leftWhen } from '../../../client/wording.ts';
import { backlogDetail, backlogTitle, type BacklogSummary } from './backlog.ts';

/**
 * "5 new voicemails — Jane, Simon…": the alerts that waited while the TV was away, as one alert in the frame every
 * alert shares, with Open inbox (OK, or yellow) and Dismiss (blue, or Back). Fires `$backlogAction(action)`.
 */
export class BacklogAlert extends TvComponent {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return alertFrame([
      { action: 'open', label: 'Open inbox', w: 260, hint: COLOR.yellow },
      { action: 'dismiss', label: 'Dismiss', w: 200, hint: COLOR.blue },
    ]);
  }

  /** Shows a summary until `leavesAt`, or hides for null. Focus starts on Open inbox. */
  show(summary: BacklogSummary | null, leavesAt: number | null = null): void {
    const countdown = this.tagOf('Countdown', AlertCountdown);
    if (!summary) {
      countdown.start(null);
      this.patch({ visible: false });
      return;
    }
    const opening = !this.visible;
    this.tag('Title').text.text = backlogTitle(summary);
    setAlertLine(this, 'Detail', backlogDetail(summary));
    // The oldest says how long they waited.
    const oldest = leftWhen(summary.alerts[0]!.receivedAt);
    setAlertLine(
      this,
      'Late',
      oldest ? `The first ${oldest.charAt(0).toLowerCase()}${oldest.slice(1)}` : null,
    );
    if (opening) {
      countdown.start(leavesAt);
      this.row.select('open');
    }
    this.patch({ visible: true });
  }

  private get row(): ButtonRow {
    return this.tagOf('Actions', ButtonRow);
  }

  override _getFocused(): Lightning.Component {
    return this.row;
  }

  $rowPressed(action: string): void {
    this.fireUp('$backlogAction', action === 'open' ? 'open' : 'dismiss');
  }

  _handleYellow(): void {
    this.fireUp('$backlogAction', 'open');
  }

  _handleBlue(): void {
    this.fireUp('$backlogAction', 'dismiss');
  }

  override _handleBack(): void {
    this.fireUp('$backlogAction', 'dismiss');
  }
}
