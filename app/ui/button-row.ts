import { TvComponent } from '../shell/component.ts';
import { Button } from './button.ts';
import { moveInGrid } from './focus-grid.ts';
import type Lightning from './lightning.ts';

/** One button of a {@link ButtonRow}: what it does, what it says, and optionally its size and colour-key hint. */
export interface RowButton {
  action: string;
  label: string;
  w?: number;
  h?: number;
  /** The colour key that does the same, drawn under the label. */
  hint?: number;
}

/**
 * A row of buttons that Left and Right move along and OK presses: it fires `$rowPressed(action)` on the nearest
 * ancestor that handles it. Every other key (Back, colour keys, media keys) goes on up the focus path to the
 * screen that holds the row, which decides what they mean there.
 *
 * Set `spacing` before `buttons` in a template: the buttons are laid out when they are set.
 */
export class ButtonRow extends TvComponent {
  private index = 0;
  private actions: string[] = [];
  private gap = 12;

  set spacing(value: number) {
    this.gap = value;
  }

  set buttons(list: readonly RowButton[]) {
    this.actions = list.map((b) => b.action);
    let x = 0;
    this.children = list.map((b) => {
      const w = b.w ?? 196;
      const spec = {
        type: Button,
        x,
        w,
        ...(b.h ? { h: b.h } : {}),
        label: b.label,
        ...(b.hint ? { hint: b.hint } : {}),
      };
      x += w + this.gap;
      return spec;
    });
    this.index = Math.min(this.index, Math.max(0, list.length - 1));
  }

  /**
   * Renders the buttons' labels now, while the row is not on screen, so the frame that first shows it draws them
   * instead of rendering them first. Focus changes a label's colour, not its texture, so these are the ones drawn.
   */
  prerenderLabels(): void {
    for (const button of this.children) button.tag('Label' as never)?.texture?.load();
  }

  /** The action of the focused button. */
  get focusedAction(): string | undefined {
    return this.actions[this.index];
  }

  /**
   * Makes the button for `action` the focused one, and moves the focus there at once: the button drawn as focused
   * is always the one OK presses. Call it when the screen opens, not from a focus hook (`_focus` runs after the
   * focus path is chosen, so a choice made there would be drawn on one button and pressed on another).
   */
  select(action: string): void {
    this.index = Math.max(0, this.actions.indexOf(action));
    this._refocus();
  }

  override _getFocused(): Lightning.Component {
    return this.children[this.index] as Lightning.Component;
  }

  override _handleLeft(): void {
    this.move('Left');
  }

  override _handleRight(): void {
    this.move('Right');
  }

  /** Along the row, stopping at its ends; Up and Down are not the row's: they go on to the screen. */
  private move(arrow: 'Left' | 'Right'): void {
    const next = moveInGrid([this.actions.length], { row: 0, col: this.index }, arrow);
    if (next) this.index = next.col;
    this._refocus();
  }

  override _handleEnter(): void {
    const action = this.focusedAction;
    if (action === undefined) return;
    this.fireUp('$rowPressed', action);
  }
}
