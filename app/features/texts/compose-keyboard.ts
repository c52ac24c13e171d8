import type { GridSpot } from '../../ui/focus-grid.ts';

// The compose screen's focusable rows: the number, the canned replies, the keyboard and the actions.

export const LETTERS = ['abcdefghijklm', 'nopqrstuvwxyz', '1234567890.,?'];
/** The last keyboard row: shift, space, erase and a little punctuation. */
export const SPECIALS = [
  { label: '⇧', w: 136 },
  { label: 'Space', w: 360 },
  { label: '⌫', w: 136 },
  { label: '’', w: 64 },
  { label: '!', w: 64 },
  { label: '-', w: 64 },
];

export interface Cell {
  /** What OK does: type a character, pick a reply, or an action. */
  id: string;
  label: string;
  x: number;
  w: number;
}

export interface Row {
  kind: 'to' | 'reply' | 'keys' | 'actions';
  y: number;
  h: number;
  cells: Cell[];
}

/**
 * The column Up or Down lands on in row `toRow`, coming from `at`: between keyboard rows, the key nearest the same
 * horizontal place (the rows differ in width); into the action row, or from a whole-width row, the first cell (Send,
 * or the first key).
 */
export function landingColumn(rows: readonly Row[], at: GridSpot, toRow: number): number {
  const from = rows[at.row]!.cells[at.col]!;
  const x = from.x + from.w / 2;
  const cells = rows[toRow]!.cells;
  const distance = (c: Cell) => Math.abs(c.x + c.w / 2 - x);
  let best = 0;
  const nearest = rows[toRow]!.kind !== 'actions' && rows[at.row]!.cells.length > 1;
  if (nearest) {
    cells.forEach((c, i) => {
      if (distance(c) < distance(cells[best]!)) best = i;
    });
  }
  return best;
}
