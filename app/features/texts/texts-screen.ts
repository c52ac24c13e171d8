import type { TextsAction } from '../../shell/signals.ts';
import { TvComponent } from '../../shell/component.ts';
import type { TvText } from '../../storage/db.ts';
import { preview, when } from '../../../client/wording.ts';
import type Lightning from '../../ui/lightning.ts';
import { listRow, type ListRowContent } from '../../ui/list-row.ts';
import { panel } from '../../ui/panel.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import { canRetry, statusText, who, type NameBook } from './text-words.ts';

const W = 1000;
const H = 1080 - 2 * SAFE.y;
const ROW_H = 116;
const ROWS = 6;

/** One conversation: every text to and from one number, oldest first. */
export interface Thread {
  number: string;
  texts: TvText[];
}

/** Groups texts by the other end's number, the latest conversation first. Private texts have no number to group. */
function threadsOf(texts: readonly TvText[]): Thread[] {
  const byNumber = new Map<string, TvText[]>();
  for (const t of texts) {
    const key = t.private ? '' : t.number;
    byNumber.set(key, [...(byNumber.get(key) ?? []), t]);
  }
  return [...byNumber.entries()]
    .map(([number, list]) => ({ number, texts: list.sort((a, b) => a.at.localeCompare(b.at)) }))
    .sort((a, b) => b.texts.at(-1)!.at.localeCompare(a.texts.at(-1)!.at));
}

/**
 * The household's texts on the TV: a list of conversations (Up/Down, OK opens one, Green writes a new text, Back
 * closes) and one conversation (the texts with their status; Green or OK replies, OK on a failed text sends its
 * draft again, Back returns to the list). Fires `$textsAction(action, detail)` with 'reply', 'retry', 'new' or
 * 'close'.
 */
export class TextsScreen extends TvComponent {
  private texts: TvText[] = [];
  private names: NameBook = () => null;
  private threadNumber: string | null = null;
  /** Opened straight into a conversation (from an alert): Back closes instead of listing. */
  private direct = false;
  private focusIndex = 0;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: SAFE.y,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Title: {
        x: 48,
        y: 36,
        text: {
          text: 'Texts',
          fontFace: FONT.face,
          fontSize: 44,
          fontStyle: 'bold',
          textColor: COLOR.text,
          wordWrapWidth: W - 96,
          maxLines: 1,
          textOverflow: 'ellipsis',
        },
      },
      Empty: {
        x: 48,
        y: 140,
        visible: false,
        text: { text: 'No texts yet', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
      Rows: { x: 32, y: 120 },
      Hint: {
        x: 48,
        y: H - 60,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
    };
  }

  setTexts(texts: TvText[], names: NameBook): void {
    this.texts = texts;
    this.names = names;
    if (this.visible) this.draw();
  }

  /** Opens the list, or straight into the conversation with `number`. */
  open(number: string | null = null): void {
    this.threadNumber = number;
    this.direct = number !== null;
    this.focusIndex = number === null ? 0 : Number.MAX_SAFE_INTEGER;
    this.patch({ visible: true });
    this.draw();
  }

  close(): void {
    this.patch({ visible: false });
  }

  get isOpen(): boolean {
    return this.visible;
  }

  override _handleUp(): void {
    this.focusIndex = Math.max(0, this.focusIndex - 1);
    this.draw();
  }

  override _handleDown(): void {
    this.focusIndex++;
    this.draw();
  }

  override _handleEnter(): void {
    if (this.threadNumber === null) {
      const thread = threadsOf(this.texts)[this.focusIndex];
      if (!thread) return;
      this.threadNumber = thread.number;
      this.focusIndex = Number.MAX_SAFE_INTEGER;
      this.draw();
      return;
    }
    const text = this.thread()[this.focusIndex];
    if (text && canRetry(text)) this.requestAction('retry', text);
    else this.reply();
  }

  _handleGreen(): void {
    if (this.threadNumber === null) this.requestAction('new');
    else this.reply();
  }

  override _handleBack(): void {
    if (this.threadNumber !== null && !this.direct) {
      this.threadNumber = null;
      this.focusIndex = 0;
      this.draw();
      return;
    }
    this.requestAction('close');
  }

  private reply(): void {
    // A private text has no number to answer.
    if (this.threadNumber) this.requestAction('reply', this.threadNumber);
  }

  private thread(): TvText[] {
    return threadsOf(this.texts).find((t) => t.number === this.threadNumber)?.texts ?? [];
  }

  private draw(): void {
    if (this.threadNumber === null) this.drawThreads();
    else this.drawThread();
  }

  private drawThreads(): void {
    const threads = threadsOf(this.texts);
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, threads.length - 1));
    this.tag('Title').text.text = 'Texts';
    this.tag('Hint').text.text = 'OK open · Green new text · Back close';
    this.drawRows(
      threads.map((t) => {
        const last = t.texts.at(-1)!;
        return {
          top: t.number
            ? who(t.number, this.names)
            : `Private texts for ${last.lineOwner ?? 'the household'}`,
          bottom: [when(last.at), `${last.direction === 'in' ? '' : 'You: '}${preview(last.text) || '…'}`]
            .filter(Boolean)
            .join(' · '),
          bold: last.direction === 'in',
          alert: false,
        };
      }),
    );
  }

  private drawThread(): void {
    const texts = this.thread();
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, texts.length - 1));
    this.tag('Title').text.text = this.threadNumber ? who(this.threadNumber, this.names) : 'Private texts';
    const focused = texts[this.focusIndex];
    this.tag('Hint').text.text =
      focused && canRetry(focused) ? 'OK send again · Green reply · Back' : 'OK or Green reply · Back';
    this.drawRows(
      texts.map((t) => {
        const from =
          t.direction === 'in' ? (this.names(t.number) ?? 'Them') : t.fromName ? `${t.fromName}` : 'You';
        return {
          top: t.private ? `A text came for ${t.lineOwner ?? 'the household'}` : `${from}: ${t.text}`,
          bottom: [when(t.at), t.direction === 'out' ? statusText(t) : ''].filter(Boolean).join(' · '),
          bold: false,
          alert: canRetry(t),
        };
      }),
    );
  }

  private drawRows(rows: ListRowContent[]): void {
    this.tag('Empty').patch({ visible: rows.length === 0 });
    const first = Math.max(0, Math.min(this.focusIndex - (ROWS - 2), rows.length - ROWS));
    this.tag('Rows').children = rows.slice(first, first + ROWS).map((r, i) => {
      const focused = first + i === this.focusIndex;
      return listRow(r, { y: i * ROW_H, w: W - 64, h: ROW_H - 12, focused });
    });
  }

  private requestAction(action: TextsAction, detail?: unknown): void {
    this.fireUp('$textsAction', action, detail);
  }
}
