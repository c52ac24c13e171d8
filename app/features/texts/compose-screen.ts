import { moveInGrid, type Arrow } from '../../ui/focus-grid.ts';
import { LETTERS, SPECIALS, landingColumn, type Cell, type Row } from './compose-keyboard.ts';
import { TvComponent, findTag } from '../../shell/component.ts';
import { formatPhoneNumber } from '../../../protocol/index.ts';
import type { TvText } from '../../storage/db.ts';
import Lightning from '../../ui/lightning.ts';
import { panel, titleText } from '../../ui/panel.ts';
import { COLOR, FONT, LINE_HEIGHT, SAFE } from '../../ui/theme.ts';
import type { TextingAccess } from './texting-service.ts';
import { CANNED_REPLIES, canRetry, statusText } from './text-words.ts';

const W = 1000;
const H = 1080 - 2 * SAFE.y;
const INNER = W - 64;
const MAX_TEXT = 1600;
const MAX_DIGITS = 15;

/** What the compose screen asks of the app: fired on its ancestors. */
export interface ComposeSend {
  recipient: string;
  text: string;
  /** Which of the phones that allow this TV to send (index in the access's list). */
  proxyIndex: number;
}

/**
 * Writing a text with the remote: to a voicemail's caller (the number set) or to a number typed with the remote's
 * digits, from a canned reply or the on-screen keyboard. Send goes through the phone that allows this TV (asking
 * which when there are several); with none, the screen offers to ask the household's phones. The text's status
 * shows as it moves (queued → sent to phone → sent as SMS → delivered, or why it failed), and the draft stays
 * after a failure so Send tries again. Fires `$composeSend(request)`, `$composeAsk()` and `$composeClose()`.
 */
export class ComposeScreen extends TvComponent {
  private recipient = '';
  private editableTo = true;
  private message = '';
  private upper = false;
  private rows: Row[] = [];
  private row = 0;
  private col = 0;
  private access: TextingAccess = { state: 'unknown' };
  private tracked: TvText | null = null;
  private notice: string | null = null;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: SAFE.y,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Title: { x: 32, y: 28, text: titleText(INNER) },
      Message: {
        x: 32,
        y: 164,
        w: INNER,
        h: 150,
        rect: true,
        color: 0xff0c121b,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
        Text: {
          x: 20,
          y: 14,
          text: {
            text: '',
            fontFace: FONT.face,
            fontSize: FONT.body,
            lineHeight: LINE_HEIGHT.body,
            textColor: COLOR.text,
            wordWrapWidth: INNER - 40,
            maxLines: 3,
            textOverflow: 'ellipsis',
          },
        },
      },
      Cells: {},
      Status: {
        x: 32,
        y: 870,
        text: {
          text: '',
          fontFace: FONT.face,
          fontSize: FONT.body,
          lineHeight: LINE_HEIGHT.body,
          textColor: COLOR.textDim,
          wordWrapWidth: INNER,
          maxLines: 2,
          textOverflow: 'ellipsis',
        },
      },
    };
  }

  /** Opens for a recipient (a caller's number, fixed) or a blank number, with a draft if one was kept. */
  open(options: { recipient: string | null; draft?: string; access: TextingAccess }): void {
    this.editableTo = !options.recipient;
    this.recipient = options.recipient ?? '';
    this.message = options.draft ?? '';
    this.upper = false;
    this.access = options.access;
    this.tracked = null;
    this.notice = null;
    this.build();
    this.row = 0;
    this.col = 0;
    this.paint();
    this.patch({ visible: true });
  }

  close(): void {
    this.patch({ visible: false });
    this.tracked = null;
  }

  get isOpen(): boolean {
    return this.visible;
  }

  /** The text this screen sent, as it moves: its status shows under the keyboard. */
  track(text: TvText): void {
    this.tracked = text;
    this.notice = null;
    this.paintStatus();
  }

  get trackedKey(): string | null {
    return this.tracked?.key ?? null;
  }

  setAccess(access: TextingAccess): void {
    // What the screen said about asking is out of date once the phones answer.
    if (access.state !== this.access.state) this.notice = null;
    this.access = access;
    if (!this.visible) return;
    const focusedId = this.rows[this.row]?.cells[this.col]?.id;
    this.build();
    // Keep the focus where it was when the same button is still there (the action row changes with access).
    const at = this.rows.findIndex((r) => r.cells.some((c) => c.id === focusedId));
    if (at >= 0) this.col = this.rows[at]!.cells.findIndex((c) => c.id === focusedId);
    this.row = at >= 0 ? at : Math.min(this.row, this.rows.length - 1);
    this.col = Math.min(this.col, this.rows[this.row]!.cells.length - 1);
    this.paint();
  }

  /** A word from the app ("Asked Mary's phone — answer there"), shown until the next change. */
  say(text: string): void {
    this.notice = text;
    this.paintStatus();
  }

  override _handleUp(): void {
    this.move('Up');
  }

  override _handleDown(): void {
    this.move('Down');
  }

  override _handleLeft(): void {
    if (this.rows[this.row]?.kind === 'to') this.recipient = this.recipient.slice(0, -1);
    else this.move('Left');
    this.paint();
  }

  override _handleRight(): void {
    this.move('Right');
  }

  override _handleBack(): void {
    this.fireUp('$composeClose');
  }

  /** The remote's digits type into the number when it is focused, into the text otherwise. */
  override _handleKey(event: KeyboardEvent): boolean {
    const match = /^Digit(\d)$/.exec(event.key);
    if (!match) return false;
    if (this.rows[this.row]?.kind === 'to') {
      if (this.recipient.length < MAX_DIGITS) this.recipient += match[1]!;
    } else {
      this.typeText(match[1]!);
    }
    this.paint();
    return true;
  }

  override _handleEnter(): void {
    const row = this.rows[this.row];
    const cell = row?.cells[this.col];
    if (!row || !cell) return;
    if (row.kind === 'reply') this.message = cell.label;
    if (row.kind === 'keys') this.pressKey(cell.label);
    if (row.kind === 'actions') this.act(cell.id);
    this.paint();
  }

  private act(id: string): void {
    if (id === 'cancel') {
      this.fireUp('$composeClose');
    } else if (id === 'clear') {
      this.message = '';
    } else if (id === 'ask') {
      this.fireUp('$composeAsk');
    } else if (id.startsWith('send')) {
      const problem = this.problem();
      if (problem) {
        this.say(problem);
        return;
      }
      const send: ComposeSend = {
        recipient: this.recipient,
        text: this.message,
        proxyIndex: Number(id.split(':')[1] ?? 0),
      };
      this.fireUp('$composeSend', send);
    }
  }

  /** Why the text cannot go yet, or null. */
  private problem(): string | null {
    if (this.recipient.length < 7) return 'Type the number to text with the remote’s digits';
    if (this.message.trim() === '') return 'Choose a reply or type one first';
    const t = this.tracked;
    if (
      t &&
      !canRetry(t) &&
      t.status !== 'unsent' &&
      t.number === this.recipient &&
      t.text === this.message
    ) {
      return 'This text is on its way already';
    }
    return null;
  }

  private pressKey(label: string): void {
    if (label === '⇧') this.upper = !this.upper;
    else if (label === '⌫') this.message = this.message.slice(0, -1);
    else if (label === 'Space') this.typeText(' ');
    else this.typeText(this.upper ? label.toUpperCase() : label);
    if (label === '⇧') this.build();
  }

  private typeText(chars: string): void {
    if (this.message.length + chars.length <= MAX_TEXT) this.message += chars;
  }

  private move(arrow: Arrow): void {
    const rows = this.rows;
    const next = moveInGrid(
      rows.map((r) => r.cells.length),
      { row: this.row, col: this.col },
      arrow,
      (at, toRow) => landingColumn(rows, at, toRow),
    );
    // Up or Down at the top or bottom leaves the screen as it is; Left and Right stop at the row's ends.
    if (!next && (arrow === 'Up' || arrow === 'Down')) return;
    if (next) ({ row: this.row, col: this.col } = next);
    this.paint();
  }

  /** Lays out the focusable rows for the current state (the action row depends on which phones allow this TV). */
  private build(): void {
    const rows: Row[] = [];
    if (this.editableTo)
      rows.push({ kind: 'to', y: 92, h: 60, cells: [{ id: 'to', label: '', x: 0, w: INNER }] });
    CANNED_REPLIES.forEach((reply, i) =>
      rows.push({
        kind: 'reply',
        y: 326 + i * 58,
        h: 50,
        cells: [{ id: `reply:${i}`, label: reply, x: 0, w: INNER }],
      }),
    );
    LETTERS.forEach((letters, i) => {
      const cells = [...letters].map((ch, j) => ({
        id: `key:${ch}`,
        label: this.upper ? ch.toUpperCase() : ch,
        x: j * 72,
        w: 64,
      }));
      rows.push({ kind: 'keys', y: 510 + i * 66, h: 58, cells });
    });
    let x = 0;
    rows.push({
      kind: 'keys',
      y: 510 + 3 * 66,
      h: 58,
      cells: SPECIALS.map((s) => {
        const cell = { id: `key:${s.label}`, label: s.label, x, w: s.w };
        x += s.w + 8;
        return cell;
      }),
    });
    rows.push({ kind: 'actions', y: 786, h: 66, cells: this.actions() });
    this.rows = rows;
    this.tag('Cells').children = rows.flatMap((r, ri) =>
      r.cells.map((c, ci) => ({
        ref: `C${ri}_${ci}`,
        x: 32 + c.x,
        y: r.y,
        w: c.w,
        h: r.h,
        rect: true,
        color: COLOR.button,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 10 },
        Label: {
          x: r.kind === 'keys' || r.kind === 'actions' ? c.w / 2 : 20,
          y: r.h / 2 + 2,
          mountX: r.kind === 'keys' || r.kind === 'actions' ? 0.5 : 0,
          mountY: 0.5,
          text: {
            text: c.label,
            fontFace: FONT.face,
            fontSize: FONT.body,
            textColor: COLOR.text,
            wordWrapWidth: c.w - 24,
            maxLines: 1,
            textOverflow: 'ellipsis',
          },
        },
      })),
    );
  }

  private actions(): Cell[] {
    const a = this.access;
    const cells: { id: string; label: string }[] = [];
    if (a.state === 'allowed' && a.proxies.length === 1) {
      cells.push({ id: 'send:0', label: 'Send' }, { id: 'clear', label: 'Clear' });
    } else if (a.state === 'allowed') {
      // Several phones allow this TV: the viewer picks which one sends.
      a.proxies.slice(0, 2).forEach((p, i) => cells.push({ id: `send:${i}`, label: `Send via ${p.name}` }));
    } else {
      cells.push({ id: 'ask', label: a.state === 'asked' ? 'Ask again' : 'Ask the phones' });
    }
    cells.push({ id: 'cancel', label: 'Cancel' });
    const w = Math.floor((INNER - (cells.length - 1) * 16) / cells.length);
    return cells.map((c, i) => ({ ...c, x: i * (w + 16), w }));
  }

  private paint(): void {
    const to = this.recipient ? formatPhoneNumber(this.recipient) : '';
    this.tag('Title').text.text = this.editableTo ? 'New text' : `Text to ${to}`;
    this.rows.forEach((r, ri) =>
      r.cells.forEach((c, ci) => {
        const focused = ri === this.row && ci === this.col;
        const cell = findTag(this, `Cells.C${ri}_${ci}`, Lightning.Element);
        if (!cell) return;
        const label = r.kind === 'to' ? `To: ${to || '— type the number —'}` : c.label;
        cell.patch({
          color: focused ? COLOR.buttonFocused : COLOR.button,
          Label: { text: { text: label, textColor: focused ? COLOR.buttonTextFocused : COLOR.text } },
        });
      }),
    );
    const message = this.tag('Message').tag('Text');
    message.text.text = this.message ? `${this.message}▏` : 'Choose a reply or type one';
    message.text.textColor = this.message ? COLOR.text : COLOR.textDim;
    this.paintStatus();
  }

  private paintStatus(): void {
    const status = this.tag('Status');
    status.text.text = this.notice ?? this.statusLine();
    status.text.textColor = this.tracked && canRetry(this.tracked) ? COLOR.error : COLOR.textDim;
  }

  private statusLine(): string {
    const t = this.tracked;
    if (t) return canRetry(t) ? `${statusText(t)} — the draft is kept: Send tries again` : statusText(t);
    const a = this.access;
    if (a.state === 'allowed')
      return a.proxies.length === 1 ? `Sends through ${a.proxies[0]!.name}` : 'Choose which phone sends it';
    if (a.state === 'asked') return 'Asked the household’s phones — answer on the phone';
    if (a.state === 'declined') return 'The phones did not allow this TV to send texts';
    if (a.state === 'none') return 'No phone lets this TV send texts yet: ask the phones';
    return '';
  }
}
