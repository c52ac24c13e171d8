import { moveInGrid, type Arrow } from '../../ui/focus-grid.ts';
import { LETTERS, SPECIALS, landingColumn, type Cell, type Row } from './compose-keyboard.ts';
import { TvComponent, findTag } from '../../shell/component.ts';
import type { TvText } from '../../storage/db.ts';
import Lightning from '../../ui/lightning.ts';
import { COLOR, FONT } from '../../ui/theme.ts';
import { composeTemplate, INNER } from './compose-template.ts';
import type { TextingAccess } from './texting-service.ts';
import { CANNED_REPLIES, canRetry, statusText, who, type NameBook } from './text-words.ts';
import { smsCountText } from '../../../client/texts/sms-parts.ts';

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
  private names: NameBook = () => null;
  /**
   * The draft as Send sent it: while the screen still shows that draft, Send is spent (a second OK must not send it
   * twice) until the text fails and may be tried again.
   */
  private sent: { recipient: string; text: string; cell: string } | null = null;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return composeTemplate();
  }

  /** Opens for a recipient (a caller's number, fixed) or a blank number, with a draft if one was kept. */
  open(options: { recipient: string | null; draft?: string; access: TextingAccess; names?: NameBook }): void {
    this.names = options.names ?? (() => null);
    this.sent = null;
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
    // A word said since stays until the text moves on (a repeated status changes nothing on screen).
    if (this.tracked?.key !== text.key || this.tracked.status !== text.status) this.notice = null;
    this.tracked = text;
    // A failure gives Send back (the draft is kept to try again), with the focus on it if Send had moved it away.
    const focused = this.rows[this.row]?.cells[this.col]?.id;
    if (this.sent && canRetry(text) && focused === 'cancel') this.focusCell(this.sent.cell);
    this.paint();
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
      if (this.isSent) {
        this.say('Sent — change the text to send another, or Close');
        return;
      }
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
      this.sent = { recipient: this.recipient, text: this.message, cell: id };
      // Off the spent Send at once, onto Close: the OK that follows closes rather than sends again.
      this.build();
      this.focusCell('cancel');
      this.fireUp('$composeSend', send);
    }
  }

  /** Send is spent: the draft on screen went, and has not failed since. */
  private get isSent(): boolean {
    const sent = this.sent;
    if (!sent || sent.recipient !== this.recipient || sent.text !== this.message) return false;
    return !(this.tracked && canRetry(this.tracked));
  }

  private focusCell(id: string): void {
    const at = this.rows.findIndex((r) => r.cells.some((c) => c.id === id));
    if (at < 0) return;
    this.row = at;
    this.col = this.rows[at]!.cells.findIndex((c) => c.id === id);
  }

  /** Why the text cannot go yet, or null. */
  private problem(): string | null {
    if (this.recipient.length < 7) return 'Type the number to text with the remote’s digits';
    if (this.message.trim() === '') return 'Choose a reply or type one first';
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
        y: 320 + i * 54,
        h: 48,
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
      rows.push({ kind: 'keys', y: 490 + i * 62, h: 56, cells });
    });
    let x = 0;
    rows.push({
      kind: 'keys',
      y: 490 + 3 * 62,
      h: 56,
      cells: SPECIALS.map((s) => {
        const cell = { id: `key:${s.label}`, label: s.label, x, w: s.w };
        x += s.w + 8;
        return cell;
      }),
    });
    rows.push({ kind: 'actions', y: 746, h: 64, cells: this.actions() });
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
      const again = a.state === 'asked' || a.state === 'declined' || a.state === 'copies-only';
      cells.push({ id: 'ask', label: again ? 'Ask again' : 'Ask the phones' });
    }
    cells.push({ id: 'cancel', label: 'Cancel' });
    const w = Math.floor((INNER - (cells.length - 1) * 16) / cells.length);
    return cells.map((c, i) => ({ ...c, x: i * (w + 16), w }));
  }

  private paint(): void {
    // Names over numbers: "Text to Jane 505-555-1313" when the household knows who it is.
    const to = this.recipient ? who(this.recipient, this.names) : '';
    this.tag('Title').text.text = this.editableTo ? 'New text' : `Text to ${to}`;
    const spent = this.isSent;
    this.rows.forEach((r, ri) =>
      r.cells.forEach((c, ci) => {
        const focused = ri === this.row && ci === this.col;
        const cell = findTag(this, `Cells.C${ri}_${ci}`, Lightning.Element);
        if (!cell) return;
        const disabled = spent && c.id.startsWith('send');
        const label =
          r.kind === 'to'
            ? `To: ${to || '— type the number —'}`
            : disabled
              ? 'Sent'
              : spent && c.id === 'cancel'
                ? 'Close'
                : c.label;
        const textColor = focused ? COLOR.buttonTextFocused : disabled ? COLOR.textDim : COLOR.text;
        cell.patch({
          color: focused ? COLOR.buttonFocused : disabled ? COLOR.track : COLOR.button,
          Label: { text: { text: label, textColor } },
        });
      }),
    );
    const message = this.tag('Message').tag('Text');
    message.text.text = this.message ? `${this.message}▏` : 'Choose a reply or type one';
    message.text.textColor = this.message ? COLOR.text : COLOR.textDim;
    this.tag('Message').tag('Count').text.text = smsCountText(this.message);
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
    // Copies only is not sending: say which phone allows what, and that asking again asks for sending.
    if (a.state === 'copies-only')
      return `${listNames(a.copiesFrom)} ${a.copiesFrom.length === 1 ? 'shares' : 'share'} copies only — Ask again to ask for sending`;
    if (a.state === 'declined')
      return 'The phones did not allow this TV to send texts — Ask again to ask once more';
    if (a.state === 'none') return 'No phone lets this TV send texts yet: ask the phones';
    return '';
  }
}

/** "Mary's phone", "Mary's phone and Simon's phone". */
function listNames(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : (names[0] ?? 'A phone');
}
