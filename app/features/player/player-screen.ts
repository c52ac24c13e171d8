import { TvComponent } from '../../shell/component.ts';
import type { Subscription } from 'rxjs';
import { SEEK_STEP_SECONDS } from '../../../media/audio-player.ts';
import Lightning from '../../ui/lightning.ts';
import { ButtonRow } from '../../ui/button-row.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import type { ListenFlow, ListenState } from '../../../client/voicemail/listen-flow.ts';
import { alertTitle } from '../voicemail/voicemail-alert.ts';
import { captionAt } from './captions.ts';
import { isTransientFailure, playbackFailureText } from '../../../client/voicemail/playback-failure-text.ts';
import type { PlaybackStatus, VoicemailPlayback } from './voicemail-playback.ts';
import { bodyText, panel, titleText } from '../../ui/panel.ts';
import { clock } from '../../../client/wording.ts';

const W = 1100;
const H = 460;
const BAR = W - 96;
const CAPTION_H = 64;
const HINT =
  '◀ ▶ choose · OK presses · the remote’s play, stop, ◀◀ and ▶▶ keys work too · Red deletes · Back closes';

/**
 * The player's buttons: transport while the message plays; once it has failed, only what can still be done —
 * try again (when the failure is the backend's of the moment), delete, close — focused on the likely one, so that
 * OK never presses a Play that cannot play.
 */
const ROWS = {
  transport: [
    { label: '◀◀ 10 s', action: 'rewind' },
    { label: 'Play / Pause', action: 'toggle' },
    { label: 'Stop', action: 'stop' },
    { label: '10 s ▶▶', action: 'forward' },
    { label: 'Delete', action: 'delete' },
  ],
  retry: [
    { label: 'Try again', action: 'retry' },
    { label: 'Delete', action: 'delete' },
    { label: 'Close', action: 'close' },
  ],
  failed: [
    { label: 'Delete', action: 'delete' },
    { label: 'Close', action: 'close' },
  ],
} as const;
type Row = keyof typeof ROWS;
type Action = (typeof ROWS)[Row][number]['action'];
const FOCUSED_FIRST: Record<Row, Action> = { transport: 'toggle', retry: 'retry', failed: 'close' };
const buttonsOf = (row: Row) => ROWS[row].map((b) => ({ action: b.action, label: b.label, w: 192, h: 76 }));

/**
 * The player: caller, progress with elapsed and remaining time, buffering, and transport on the remote's media
 * keys or on on-screen buttons for remotes without them. Fast-forward and rewind are 10 s seeks (held keys
 * repeat). Back leaves and gives the programme its sound back.
 */
export class PlayerScreen extends TvComponent {
  private flow: ListenFlow | null = null;
  private playback: VoicemailPlayback | null = null;
  private subscription: Subscription | null = null;
  private transcript: string | null = null;
  private row: Row = 'transport';

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: 1080 - SAFE.y - H,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Title: {
        x: 48,
        y: 32,
        text: titleText(W - 96),
      },
      Status: { x: 48, y: 84, text: bodyText(BAR, { maxLines: 2 }) },
      Track: { x: 48, y: 180, w: BAR, h: 10, rect: true, color: COLOR.track },
      Progress: { x: 48, y: 180, w: 0, h: 10, rect: true, color: COLOR.accent },
      Elapsed: {
        x: 48,
        y: 200,
        text: { text: '0:00', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.text },
      },
      Remaining: {
        x: 48 + BAR,
        y: 200,
        mountX: 1,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.text },
      },
      // Captions from the carrier's transcript, on a backing box over the picture just above the player: readable
      // whatever the picture is, and part of the player, so they leave with it.
      Caption: {
        x: 0,
        y: -CAPTION_H - 16,
        w: W,
        h: CAPTION_H,
        rect: true,
        color: COLOR.captionBox,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
        visible: false,
        Text: {
          x: 24,
          y: 10,
          text: {
            text: '',
            fontFace: FONT.face,
            fontSize: 32,
            textColor: COLOR.text,
            wordWrapWidth: W - 48,
            maxLines: 1,
            textOverflow: 'ellipsis',
          },
        },
      },
      Buttons: {
        x: 48,
        y: 262,
        type: ButtonRow,
        buttons: buttonsOf('transport'),
      },
      Hint: { x: 48, y: 354, text: { ...bodyText(BAR, { maxLines: 2 }), text: HINT } },
    };
  }

  bindFlow(flow: ListenFlow, playback: VoicemailPlayback): void {
    this.flow = flow;
    this.playback = playback;
    this.subscription = playback.status$.subscribe((status) => this.renderStatus(status));
  }

  renderState(state: ListenState): void {
    const open = state.step === 'playing';
    const opening = open && !this.visible;
    this.patch({ visible: open });
    if (open) {
      this.tag('Title').text.text = alertTitle(state.message);
      this.transcript = state.message.transcript ?? null;
    }
    // The likely button first, each time it opens (Play / Pause while the message plays).
    if (opening) this.buttons.select(FOCUSED_FIRST[this.row]);
  }

  override _getFocused(): Lightning.Component {
    return this.buttons;
  }

  private get buttons(): ButtonRow {
    return this.tagOf('Buttons', ButtonRow);
  }

  $rowPressed(action: string): void {
    this.act(action as Action);
  }

  _handlePlay(): void {
    void this.playback?.audio?.play().catch(() => undefined);
  }

  _handlePause(): void {
    this.playback?.audio?.pause();
  }

  _handlePlayPause(): void {
    this.act('toggle');
  }

  _handleStop(): void {
    this.act('stop');
  }

  _handleFastForward(): void {
    this.act('forward');
  }

  _handleRewind(): void {
    this.act('rewind');
  }

  _handleRed(): void {
    this.act('delete');
  }

  override _handleBack(): void {
    this.flow?.close();
  }

  override _detach(): void {
    this.subscription?.unsubscribe();
  }

  private act(action: Action): void {
    const audio = this.playback?.audio;
    switch (action) {
      case 'rewind':
        audio?.seekBy(-SEEK_STEP_SECONDS);
        return;
      case 'forward':
        audio?.seekBy(SEEK_STEP_SECONDS);
        return;
      case 'stop':
        audio?.stop();
        return;
      case 'toggle':
        if (audio?.state === 'playing') audio.pause();
        else void audio?.play().catch(() => undefined);
        return;
      case 'delete':
        this.flow?.deleteFromPlayer();
        return;
      case 'retry':
        void this.flow?.retryPlayback();
        return;
      case 'close':
        this.flow?.close();
        return;
    }
  }

  /**
   * The buttons for what the player can do now, focused on the likely one when they change — unless the button
   * the viewer is on is still there (a reason that comes after the failure adds Try again; it does not move them).
   */
  private showRow(row: Row): void {
    if (row === this.row) return;
    const current = this.buttons.focusedAction;
    this.row = row;
    this.buttons.buttons = buttonsOf(row);
    const kept = this.row !== 'transport' && ROWS[row].some((b) => b.action === current);
    this.buttons.select(kept ? current! : FOCUSED_FIRST[row]);
  }

  private renderStatus(status: PlaybackStatus): void {
    const { currentTime, duration } = status;
    this.showRow(status.error ? (isTransientFailure(status.failure) ? 'retry' : 'failed') : 'transport');
    const fraction = Number.isFinite(duration) && duration > 0 ? Math.min(1, currentTime / duration) : 0;
    this.tag('Progress').patch({ w: BAR * fraction });
    this.tag('Elapsed').text.text = clock(currentTime);
    // A caption only while the message is under way: Stop, the end or an error take it down.
    const playing = !status.error && (status.state === 'playing' || status.state === 'paused');
    const caption = playing ? captionAt(this.transcript, currentTime, duration) : '';
    this.tag('Caption').patch({ visible: caption !== '' });
    if (caption) this.tag('Caption').tag('Text').text.text = caption;
    this.tag('Remaining').text.text = Number.isFinite(duration) ? `-${clock(duration - currentTime)}` : '';
    this.tag('Status').text.text = status.error
      ? playbackFailureText(status.failure)
      : status.buffering || status.state === 'loading'
        ? 'Loading…'
        : status.state === 'paused'
          ? 'Paused'
          : status.state === 'stopped'
            ? 'Stopped'
            : status.state === 'ended'
              ? 'Played to the end'
              : 'Playing';
  }
}
