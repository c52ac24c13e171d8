import type { InboxAction } from '../../shell/signals.ts';
import { TvComponent } from '../../shell/component.ts';
import { formatPhoneNumber } from '../../../protocol/index.ts';
import type { InboxMessage } from '../../../client/storage/client-stores.ts';
import type Lightning from '../../ui/lightning.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import { clock, preview, when } from '../../../client/wording.ts';
import type { InboxSync } from '../../../client/inbox/inbox-store.ts';
import { listRow } from '../../ui/list-row.ts';
import { panel } from '../../ui/panel.ts';

const W = 1000;
const ROW_H = 116;
const ROWS = 6;

/**
 * The voicemail inbox: new and saved messages with caller, number, time and length, and the transcript's first
 * words where the carrier made one; on a TV that follows more than one mailbox, whose each is ("For Mary"). Up/Down choose, OK listens, green texts the caller back, red deletes, yellow
 * opens the texts, Back closes.
 */
export class InboxScreen extends TvComponent {
  private messages: InboxMessage[] = [];
  private focusIndex = 0;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: SAFE.y,
      w: W,
      h: 1080 - 2 * SAFE.y,
      visible: false,
      Panel: panel(W, 1080 - 2 * SAFE.y),
      Title: {
        x: 48,
        y: 36,
        text: {
          text: 'Voicemail',
          fontFace: FONT.face,
          fontSize: 44,
          fontStyle: 'bold',
          textColor: COLOR.text,
        },
      },
      Status: {
        x: W - 48,
        y: 48,
        mountX: 1,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
      Empty: {
        x: 48,
        y: 140,
        visible: false,
        text: { text: 'No voicemail', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
      Rows: { x: 32, y: 120 },
      Hint: {
        x: 48,
        y: 1080 - 2 * SAFE.y - 60,
        text: {
          text: 'OK listen · Green text back · Red delete · Yellow texts · Back',
          fontFace: FONT.face,
          fontSize: FONT.body,
          textColor: COLOR.textDim,
        },
      },
    };
  }

  get selected(): InboxMessage | undefined {
    return this.messages[this.focusIndex];
  }

  setMessages(messages: InboxMessage[]): void {
    this.messages = messages;
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, messages.length - 1));
    this.draw();
  }

  setSync(sync: InboxSync): void {
    const text = sync === 'offline' ? 'Offline — saved list' : sync === 'syncing' ? 'Updating…' : '';
    // Hidden rather than emptied: an empty text keeps its last texture (and the inspector its last words).
    this.tag('Status').patch({ visible: text !== '', ...(text ? { text: { text } } : {}) });
  }

  override _handleUp(): void {
    if (this.focusIndex > 0) this.focusIndex--;
    this.draw();
  }

  override _handleDown(): void {
    if (this.focusIndex < this.messages.length - 1) this.focusIndex++;
    this.draw();
  }

  override _handleEnter(): void {
    if (this.selected) this.requestAction('listen');
  }

  _handleRed(): void {
    if (this.selected) this.requestAction('delete');
  }

  /** A text back to the selected message's caller. */
  _handleGreen(): void {
    if (this.selected?.callerNumber) this.requestAction('reply');
  }

  /** The household's texts. */
  _handleYellow(): void {
    this.requestAction('texts');
  }

  override _handleBack(): void {
    this.requestAction('close');
  }

  private requestAction(action: InboxAction): void {
    this.fireUp('$inboxAction', action, this.selected);
  }

  private draw(): void {
    const first = Math.max(0, Math.min(this.focusIndex - 2, this.messages.length - ROWS));
    const visible = this.messages.slice(first, first + ROWS);
    this.tag('Empty').patch({ visible: this.messages.length === 0 });
    // A shared TV follows more than one mailbox: each row says whose it is.
    const shared = new Set(this.messages.map((m) => m.mailboxOwner.trim()).filter(Boolean)).size > 1;
    this.tag('Rows').children = visible.map((m, i) => {
      const focused = first + i === this.focusIndex;
      const who =
        [m.callerName, m.callerNumber ? formatPhoneNumber(m.callerNumber) : ''].filter(Boolean).join(' ') ||
        'Unknown caller';
      const detail = [
        shared && m.mailboxOwner.trim() ? `For ${m.mailboxOwner.trim()}` : '',
        when(m.receivedAt),
        clock(m.durationSec),
        m.folder === 'new' ? 'New' : 'Saved',
        preview(m.transcript),
      ]
        .filter(Boolean)
        .join(' · ');
      return listRow(
        { top: who, bottom: detail, bold: m.folder === 'new' },
        { y: i * ROW_H, w: W - 64, h: ROW_H - 12, focused },
      );
    });
  }
}
